// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";

/// @title GOPEN, governance OPEN: native OPEN deposited 1:1 into an ERC20Votes token.
/// @notice The clock is the block timestamp (`CLOCK_MODE() == "mode=timestamp"`), so the
/// governor's delays and periods are in seconds. Holders must delegate (to themselves or
/// another account) before their balance counts as votes.
contract GOPEN is ERC20, ERC20Permit, ERC20Votes {
    event Deposit(address indexed sender, uint256 amt);
    event Withdrawal(address indexed sender, uint256 amt);

    error NativeTransferFailed();

    constructor() ERC20("Governance OPEN", "GOPEN") ERC20Permit("Governance OPEN") {}

    receive() external payable {
        deposit();
    }

    /// @notice Locks `msg.value` native OPEN and mints as much GOPEN to the sender.
    function deposit() public payable {
        _mint(msg.sender, msg.value);
        emit Deposit(msg.sender, msg.value);
    }

    /// @notice Burns `amt` GOPEN of the sender and returns as much native OPEN.
    function withdraw(uint256 amt) external {
        _burn(msg.sender, amt);
        emit Withdrawal(msg.sender, amt);
        (bool ok,) = msg.sender.call{value: amt}("");
        if (!ok) revert NativeTransferFailed();
    }

    function clock() public view override returns (uint48) {
        return uint48(block.timestamp);
    }

    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override returns (string memory) {
        return "mode=timestamp";
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }

    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }
}
