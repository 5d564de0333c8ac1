// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice A stake: `amount` is its value at `updatedAt` (principal plus interest accrued so far).
struct Stake {
    address recipient;
    uint256 configId;
    uint256 updatedAt;
    uint256 amount;
    uint256 startTime; // when the lock (stakeDuration) started: the stake or its last top-up
    uint256 principal; // tokens put in (stake plus top-ups)
}

/// @notice A staking config; `bank` holds the tokens and is the only one who may change it.
struct StakeConfig {
    address bank;
    address manager; // signs commitment stakes
    address token; // the ERC-20 staked
    uint256 interestRate; // WAD fraction per year (1e17 = 10%), continuously compounded
    uint256 stakeDuration; // seconds a stake is locked; also caps the seconds of interest per accrual (0: no lock, no cap)
    uint256 cooldownDuration; // seconds between requestUnstake and unstake (0: paid at once)
    uint256 maxStake; // per recipient and config
    uint256 minStake; // per recipient and config
    bool isActive;
    bool isTopupEnabled;
    bool isPublic; // stake() is open only for public configs
}

/// @notice A stake taken out of `stakes` by requestUnstake, waiting for its cooldown.
struct UnstakeRequest {
    uint256 requestAt;
    Stake stake;
}
