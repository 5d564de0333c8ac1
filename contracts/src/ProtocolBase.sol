// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

/// @title Shared base of the protocol contracts: admin role, treasury address, native payouts.
/// @dev DEFAULT_ADMIN_ROLE goes to `admin`; the deployer grants it to the timelock as well.
abstract contract ProtocolBase is AccessControl, ReentrancyGuard {
    /// @notice Receives protocol fees, forfeited bonds and slashed stake (the timelock on the devnet).
    address public treasury;

    event TreasurySet(address indexed treasury);

    error ZeroAddress();
    error NativeTransferFailed(address to, uint256 amount);

    constructor(address admin, address treasury_) {
        if (admin == address(0) || treasury_ == address(0)) revert ZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        treasury = treasury_;
        emit TreasurySet(treasury_);
    }

    function setTreasury(address treasury_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (treasury_ == address(0)) revert ZeroAddress();
        treasury = treasury_;
        emit TreasurySet(treasury_);
    }

    /// @dev Sends native OPEN, reverting when the recipient refuses it. No-op for zero.
    function _send(address to, uint256 amount) internal {
        if (amount == 0) return;
        (bool ok,) = to.call{value: amount}("");
        if (!ok) revert NativeTransferFailed(to, amount);
    }
}
