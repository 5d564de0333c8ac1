// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ProtocolBase} from "./ProtocolBase.sol";

/// @title Pull payments: amounts are credited to an account, and the account (or anyone on its
/// behalf) withdraws them later. A recipient that refuses native OPEN only fails its own
/// withdrawal; it cannot make the action that credited it revert.
abstract contract PullPayments is ProtocolBase {
    /// @notice Native OPEN credited to an account and not yet withdrawn, in wei.
    mapping(address => uint256) public owed;
    /// @notice The sum of `owed` over every account.
    uint256 public totalOwed;

    /// @dev `owed` is the account's balance afterwards.
    event PaymentCredited(address indexed account, uint256 amount, uint256 owed);
    event PaymentWithdrawn(address indexed account, uint256 amount);

    error NothingToWithdraw(address account);

    /// @notice Pays the sender what it is owed.
    function withdraw() external returns (uint256) {
        return withdrawFor(msg.sender);
    }

    /// @notice Pays `account` what it is owed (anyone may trigger it, e.g. for the treasury).
    /// Reverts when nothing is owed, or when `account` refuses the payment (it stays owed).
    function withdrawFor(address account) public nonReentrant returns (uint256 amount) {
        amount = owed[account];
        if (amount == 0) revert NothingToWithdraw(account);
        owed[account] = 0;
        totalOwed -= amount;
        emit PaymentWithdrawn(account, amount);
        _send(account, amount);
    }

    /// @dev Credits `amount` to `account`. No-op for zero.
    function _credit(address account, uint256 amount) internal {
        if (amount == 0) return;
        uint256 balance = owed[account] + amount;
        owed[account] = balance;
        totalOwed += amount;
        emit PaymentCredited(account, amount, balance);
    }
}
