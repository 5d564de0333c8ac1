// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice What the AttributionEngine reads from the DatanetFactory.
interface IDatanets {
    function datanetCount() external view returns (uint256);

    /// @dev Reverts unless every id is an approved contribution.
    function approvedContributors(uint256[] calldata contributionIds)
        external
        view
        returns (address[] memory contributors, uint256[] memory datanetIds);
}

/// @notice What the AttributionEngine reads from the ModelFactory.
interface IModels {
    function modelInfo(uint256 modelId)
        external
        view
        returns (address owner, uint256 feePerInference, uint256 versionCount);

    function usesDatanets(uint256 modelId, uint256[] calldata datanetIds) external view returns (bool);
}

/// @notice What the AttributionEngine calls on the CreditManager.
interface ICreditManager {
    /// @dev Debits the user's credits for `amount` wei of fee and sends that native OPEN to the caller.
    function spend(address user, uint256 amount) external;
}

/// @notice What the ChallengeManager calls on the AttributionEngine.
interface IAttributionEngine {
    function inferenceInfo(uint256 inferenceId) external view returns (address attributor, uint64 recordedAt);

    /// @dev Takes up to `amount` of the attributor's bond and sends it to the caller.
    function slash(address attributor, uint256 amount, uint256 challengeId) external returns (uint256 slashed);
}
