// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {OwnableRoles} from "./OwnableRoles.sol";

/// @title Airdrop claims authorised by a signer, paid from a vault, in batches.
/// @notice Behaves as OpenLedger's public SigDispersal (see contracts/README.md): an account claims
/// once per batch the amount the signer signed for it (an Ethereum signed message over
/// `abi.encodePacked(account, amount, batch, this contract, chain id)`), paying the batch's fee in
/// native coin; the tokens move from the vault (which approved this contract) to the account.
contract SigDispersal is OwnableRoles {
    using SafeERC20 for IERC20;

    uint256 public constant PROJECT_ADMIN = _ROLE_0;

    address public signer;
    address public vault;
    bool public active;
    address public token;
    /// @notice Block number of an account's claim in a batch (0: not claimed).
    mapping(bytes32 => mapping(address => uint256)) public claimed;
    mapping(bytes32 => bool) public batchEnabled;
    mapping(bytes32 => uint256) public batchFee;

    // OpenLedger's public SigDispersal events (exact signatures).
    event AirdropClaimed(bytes32 indexed batch, address indexed account, uint256 amount);
    event VaultSet(address indexed vault);
    event TokenSet(address indexed token);
    event BatchEnabled(bytes32 indexed root, bool enabled);
    event BatchFeeSet(bytes32 indexed root, uint256 fee);

    error AlreadyClaimed();
    error InvalidSignature();
    error NotActive();
    error ETHTransferFailed();
    error BatchNotEnabled();
    error MismatchedFee();
    error SignerNotSet();

    constructor(address signer_, address projectAdmin, address vault_) {
        signer = signer_;
        vault = vault_;
        _initializeOwner(msg.sender);
        _setRoles(projectAdmin, PROJECT_ADMIN);
    }

    // ---- project admin ----

    function setSigner(address signer_) external onlyRoles(PROJECT_ADMIN) {
        signer = signer_;
    }

    function setVault(address vault_) external onlyRoles(PROJECT_ADMIN) {
        vault = vault_;
        emit VaultSet(vault_);
    }

    function toggleActive() external onlyRoles(PROJECT_ADMIN) {
        active = !active;
    }

    function setToken(address token_) external onlyRoles(PROJECT_ADMIN) {
        token = token_;
        emit TokenSet(token_);
    }

    function setBatchEnabled(bytes32 root, bool enabled) external onlyRoles(PROJECT_ADMIN) {
        batchEnabled[root] = enabled;
        emit BatchEnabled(root, enabled);
    }

    function setBatchFee(bytes32 root, uint256 fee) external onlyRoles(PROJECT_ADMIN) {
        batchFee[root] = fee;
        emit BatchFeeSet(root, fee);
    }

    /// @notice Sends the collected claim fees to the caller.
    function withdrawFees() external onlyRoles(PROJECT_ADMIN) {
        (bool ok,) = payable(msg.sender).call{value: address(this).balance}("");
        if (!ok) revert ETHTransferFailed();
    }

    // ---- claims ----

    function claim(bytes calldata signature, bytes32 batch, uint256 amount, address onBehalfOf) external payable {
        if (!active) revert NotActive();
        if (!batchEnabled[batch]) revert BatchNotEnabled();
        if (batchFee[batch] != msg.value) revert MismatchedFee();
        if (claimed[batch][onBehalfOf] != 0) revert AlreadyClaimed();
        if (signature.length == 0) revert InvalidSignature();
        if (signer == address(0)) revert SignerNotSet();
        bytes32 message = keccak256(abi.encodePacked(onBehalfOf, amount, batch, address(this), block.chainid));
        (address recovered, ECDSA.RecoverError err,) =
            ECDSA.tryRecover(MessageHashUtils.toEthSignedMessageHash(message), signature);
        if (err != ECDSA.RecoverError.NoError || recovered != signer) revert InvalidSignature();
        claimed[batch][onBehalfOf] = block.number;
        IERC20(token).safeTransferFrom(vault, onBehalfOf, amount);
        emit AirdropClaimed(batch, onBehalfOf, amount);
    }
}
