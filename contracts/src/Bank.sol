// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {OwnableRoles} from "./OwnableRoles.sol";
import {StakeConfig} from "./StakeTypes.sol";

interface IStakingConfigs {
    function setConfig(uint256 configId, StakeConfig calldata config) external;
}

/// @title Holds a staking config's tokens: stakes are paid in, and stakes with their interest are
/// paid out from here by the Staking contract under the allowance the owner grants it.
/// @notice Only the owner approves spenders and creates or changes configs (through this contract,
/// which Staking records as the config's bank and which needs Staking's TRUSTED_BANK role).
contract Bank is OwnableRoles {
    constructor() {
        _initializeOwner(msg.sender);
    }

    function approve(address token, address spender, uint256 amount) external onlyOwner {
        IERC20(token).approve(spender, amount);
    }

    function setConfig(address staking, uint256 configId, StakeConfig calldata config) external onlyOwner {
        IStakingConfigs(staking).setConfig(configId, config);
    }
}
