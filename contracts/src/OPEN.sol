// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title OPEN, the OpenLedger ERC-20 (fixed supply, burnable).
/// @notice The devnet's stand-in for the OPEN token on Ethereum and BSC. The whole supply is
/// minted once to `holder`; there is no mint function afterwards.
contract OPEN is ERC20, ERC20Burnable, ERC20Permit {
    constructor(address holder, uint256 supply) ERC20("OpenLedger", "OPEN") ERC20Permit("OpenLedger") {
        _mint(holder, supply);
    }
}
