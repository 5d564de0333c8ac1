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
    /// @dev Debits the user's credits for `amount` wei of fee, and the allowance the user granted
    /// `attributor`, and sends that native OPEN to the caller.
    function spend(address user, address attributor, uint256 amount) external;
}

/// @notice What the ChallengeManager calls on the AttributionEngine.
interface IAttributionEngine {
    function inferenceInfo(uint256 inferenceId) external view returns (address attributor, uint64 recordedAt);

    /// @dev Takes up to `amount` of the attributor's bond and sends it to the caller.
    function slash(address attributor, uint256 amount, uint256 challengeId) external returns (uint256 slashed);
}

/// @notice What the AttributionEngine reads from the ChallengeManager (the unbonding rule).
interface IChallengeManager {
    function challengeWindow() external view returns (uint64);

    function resolutionPeriod() external view returns (uint64);

    /// @dev Challenges against `attributor` that are neither resolved nor expired.
    function openChallengeCount(address attributor) external view returns (uint256);
}
