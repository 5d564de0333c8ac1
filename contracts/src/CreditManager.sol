// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ProtocolBase} from "./ProtocolBase.sol";
import {ICreditManager} from "./Interfaces.sol";

/// @title Inference credits bought with native OPEN at a fixed rate.
/// @notice `creditAmount = amountPaid * CREDITS_PER_OPEN` (both in 18-decimal units), so one wei of
/// OPEN is always backed by exactly CREDITS_PER_OPEN credit units. Holders of SPENDER_ROLE (the
/// AttributionEngine) charge a user's credits for an inference fee in wei and receive that wei.
contract CreditManager is ProtocolBase, ICreditManager {
    bytes32 public constant SPENDER_ROLE = keccak256("SPENDER_ROLE");

    uint256 public immutable CREDITS_PER_OPEN;
    mapping(address => uint256) public credits;

    // Public OpenLedger CreditManager event (exact signature).
    event CreditPurchased(address indexed user, uint256 amountPaid, uint256 creditAmount);
    event CreditsSpent(
        address indexed user, address indexed spender, uint256 creditAmount, uint256 amountPaid, uint256 balance
    );

    error ZeroAmount();
    error InsufficientCredits(address user, uint256 needed, uint256 available);

    constructor(address admin, address treasury_, uint256 creditsPerOpen, address spender)
        ProtocolBase(admin, treasury_)
    {
        if (creditsPerOpen == 0) revert ZeroAmount();
        CREDITS_PER_OPEN = creditsPerOpen;
        if (spender != address(0)) _grantRole(SPENDER_ROLE, spender);
    }

    /// @notice Buys credits for the sender with `msg.value` native OPEN.
    function buyCredits() external payable returns (uint256) {
        return _buy(msg.sender);
    }

    /// @notice Buys credits for `user`, paid by the sender.
    function buyCreditsFor(address user) external payable returns (uint256) {
        if (user == address(0)) revert ZeroAddress();
        return _buy(user);
    }

    /// @inheritdoc ICreditManager
    function spend(address user, uint256 amount) external onlyRole(SPENDER_ROLE) nonReentrant {
        uint256 needed = amount * CREDITS_PER_OPEN;
        uint256 available = credits[user];
        if (available < needed) revert InsufficientCredits(user, needed, available);
        credits[user] = available - needed;
        emit CreditsSpent(user, msg.sender, needed, amount, available - needed);
        _send(msg.sender, amount);
    }

    function _buy(address user) internal returns (uint256 creditAmount) {
        if (msg.value == 0) revert ZeroAmount();
        creditAmount = msg.value * CREDITS_PER_OPEN;
        credits[user] += creditAmount;
        emit CreditPurchased(user, msg.value, creditAmount);
    }
}
