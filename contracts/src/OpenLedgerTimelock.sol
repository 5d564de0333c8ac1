// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @title The governance timelock: OpenZeppelin's TimelockController, unchanged.
/// @notice The governor is its proposer and canceller; executors are open (address(0)) on the
/// devnet. It holds the protocol treasury and the ARBITER_ROLE of the ChallengeManager.
contract OpenLedgerTimelock is TimelockController {
    constructor(uint256 minDelay, address[] memory proposers, address[] memory executors, address admin)
        TimelockController(minDelay, proposers, executors, admin)
    {}
}
