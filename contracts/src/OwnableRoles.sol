// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Single owner with a two-step handover, plus role bits per account.
/// @notice Written for this repository to the interface and events of Solady's Ownable/OwnableRoles,
/// which OpenLedger's Staking, Bank and SigDispersal inherit: the same event signatures, function
/// names, errors and role bits (`_ROLE_0` is bit 0), so an indexer sees the same logs.
abstract contract OwnableRoles {
    event OwnershipTransferred(address indexed oldOwner, address indexed newOwner);
    event OwnershipHandoverRequested(address indexed pendingOwner);
    event OwnershipHandoverCanceled(address indexed pendingOwner);
    /// @dev `roles` is the account's whole role bitmap afterwards, not the bits that changed.
    event RolesUpdated(address indexed user, uint256 indexed roles);

    error Unauthorized();
    error NewOwnerIsZeroAddress();
    error NoHandoverRequest();

    uint256 internal constant _ROLE_0 = 1 << 0;
    uint256 internal constant _ROLE_1 = 1 << 1;
    /// @notice How long a requested handover stays open.
    uint64 public constant HANDOVER_VALIDITY = 48 hours;

    address private _owner;
    mapping(address => uint256) private _handoverExpiry;
    mapping(address => uint256) private _roles;

    modifier onlyOwner() {
        if (msg.sender != _owner) revert Unauthorized();
        _;
    }

    /// @dev Passes when the sender holds any of `roles`.
    modifier onlyRoles(uint256 roles) {
        if (_roles[msg.sender] & roles == 0) revert Unauthorized();
        _;
    }

    function owner() public view returns (address) {
        return _owner;
    }

    function transferOwnership(address newOwner) external onlyOwner {
        if (newOwner == address(0)) revert NewOwnerIsZeroAddress();
        _setOwner(newOwner);
    }

    function renounceOwnership() external onlyOwner {
        _setOwner(address(0));
    }

    /// @notice The caller asks to become the owner; the owner completes it within 48 hours.
    function requestOwnershipHandover() external {
        _handoverExpiry[msg.sender] = block.timestamp + HANDOVER_VALIDITY;
        emit OwnershipHandoverRequested(msg.sender);
    }

    function cancelOwnershipHandover() external {
        delete _handoverExpiry[msg.sender];
        emit OwnershipHandoverCanceled(msg.sender);
    }

    function completeOwnershipHandover(address pendingOwner) external onlyOwner {
        uint256 expiry = _handoverExpiry[pendingOwner];
        if (expiry == 0 || block.timestamp > expiry) revert NoHandoverRequest();
        delete _handoverExpiry[pendingOwner];
        _setOwner(pendingOwner);
    }

    function ownershipHandoverExpiresAt(address pendingOwner) external view returns (uint256) {
        return _handoverExpiry[pendingOwner];
    }

    function grantRoles(address user, uint256 roles) external onlyOwner {
        _setRoles(user, _roles[user] | roles);
    }

    function revokeRoles(address user, uint256 roles) external onlyOwner {
        _setRoles(user, _roles[user] & ~roles);
    }

    function renounceRoles(uint256 roles) external {
        _setRoles(msg.sender, _roles[msg.sender] & ~roles);
    }

    function rolesOf(address user) external view returns (uint256) {
        return _roles[user];
    }

    function hasAnyRole(address user, uint256 roles) public view returns (bool) {
        return _roles[user] & roles != 0;
    }

    function hasAllRoles(address user, uint256 roles) external view returns (bool) {
        return _roles[user] & roles == roles;
    }

    function _initializeOwner(address newOwner) internal {
        _setOwner(newOwner);
    }

    function _setOwner(address newOwner) internal {
        emit OwnershipTransferred(_owner, newOwner);
        _owner = newOwner;
    }

    function _setRoles(address user, uint256 roles) internal {
        _roles[user] = roles;
        emit RolesUpdated(user, roles);
    }
}
