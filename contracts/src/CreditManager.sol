// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ProtocolBase} from "./ProtocolBase.sol";
import {ICreditManager} from "./Interfaces.sol";

/// @title Inference credits bought with native OPEN at a fixed rate.
/// @notice `creditAmount = amountPaid * CREDITS_PER_OPEN` (both in 18-decimal units), so one wei of
/// OPEN is always backed by exactly CREDITS_PER_OPEN credit units. Holders of SPENDER_ROLE (the
/// AttributionEngine) charge a user's credits for an inference fee in wei and receive that wei, and
/// only within the allowance the user granted the attributor that posted the record
/// (`approveAttributor`): no attributor spends the credits of a user who did not authorise it.
contract CreditManager is ProtocolBase, ICreditManager {
    bytes32 public constant SPENDER_ROLE = keccak256("SPENDER_ROLE");

    uint256 public immutable CREDITS_PER_OPEN;
    mapping(address => uint256) public credits;
    /// @notice user => attributor => credit units the attributor may still charge.
    mapping(address => mapping(address => uint256)) public allowance;

    // Public OpenLedger CreditManager event (exact signature).
    event CreditPurchased(address indexed user, uint256 amountPaid, uint256 creditAmount);
    /// @dev `balance` is the user's credit balance afterwards, `allowance` what `attributor` may still charge.
    event CreditsSpent(
        address indexed user,
        address indexed spender,
        address indexed attributor,
        uint256 creditAmount,
        uint256 amountPaid,
        uint256 balance,
        uint256 allowance
    );
    /// @dev The allowance `user` set for `attributor` (replaces the previous one), in credit units.
    event AttributorApproved(address indexed user, address indexed attributor, uint256 allowance);

    error ZeroAmount();
    error InsufficientCredits(address user, uint256 needed, uint256 available);
    error AttributorNotApproved(address user, address attributor, uint256 needed, uint256 allowance);

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

    /// @notice Lets `attributor` charge up to `creditAmount` of the sender's credits for inference
    /// fees (each record's fee is taken from it). Replaces the previous allowance; 0 revokes it.
    function approveAttributor(address attributor, uint256 creditAmount) external {
        if (attributor == address(0)) revert ZeroAddress();
        allowance[msg.sender][attributor] = creditAmount;
        emit AttributorApproved(msg.sender, attributor, creditAmount);
    }

    /// @inheritdoc ICreditManager
    function spend(address user, address attributor, uint256 amount) external onlyRole(SPENDER_ROLE) nonReentrant {
        uint256 needed = amount * CREDITS_PER_OPEN;
        uint256 allowed = allowance[user][attributor];
        if (allowed < needed) revert AttributorNotApproved(user, attributor, needed, allowed);
        uint256 available = credits[user];
        if (available < needed) revert InsufficientCredits(user, needed, available);
        credits[user] = available - needed;
        allowance[user][attributor] = allowed - needed;
        emit CreditsSpent(user, msg.sender, attributor, needed, amount, available - needed, allowed - needed);
        _send(msg.sender, amount);
    }

    function _buy(address user) internal returns (uint256 creditAmount) {
        if (msg.value == 0) revert ZeroAmount();
        creditAmount = msg.value * CREDITS_PER_OPEN;
        credits[user] += creditAmount;
        emit CreditPurchased(user, msg.value, creditAmount);
    }
}
