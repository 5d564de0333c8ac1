// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {ProtocolBase} from "./ProtocolBase.sol";
import {IDatanets} from "./Interfaces.sol";

/// @title Datanets: creation (for a fee), contributions, owner reviews and versions.
/// @notice Ids of datanets and contributions are global and start at 1. A version commits the
/// Merkle root of the datanet's approved contributions (see contracts/README.md for the leaf and
/// tree rules, and `verifyContribution`).
contract DatanetFactory is ProtocolBase, IDatanets {
    enum Status {
        None,
        Pending,
        Approved,
        Rejected
    }

    struct Datanet {
        address owner;
        uint32 versionCount;
        uint32 approvedCount;
        string name;
        string metadataURI;
    }

    struct Contribution {
        uint256 datanetId;
        address contributor;
        Status status;
        uint32 rowCount;
        bytes32 contentHash;
    }

    struct Version {
        bytes32 merkleRoot;
        uint32 contributionCount;
    }

    // Public OpenLedger DatanetFactory event (exact signature): the creation fee payment.
    event TransactionInitiated(bytes32 indexed transactionId, address indexed user, uint256 amount);
    event DatanetCreated(
        uint256 indexed datanetId,
        address indexed owner,
        bytes32 indexed transactionId,
        string name,
        string metadataURI,
        uint256 fee
    );
    event ContributionSubmitted(
        uint256 indexed contributionId,
        uint256 indexed datanetId,
        address indexed contributor,
        bytes32 contentHash,
        string uri,
        uint32 rowCount
    );
    event ContributionReviewed(
        uint256 indexed contributionId, uint256 indexed datanetId, address indexed reviewer, bool approved, uint32 approvedCount
    );
    event DatanetVersionPublished(
        uint256 indexed datanetId, uint256 indexed version, bytes32 merkleRoot, uint32 contributionCount
    );
    event CreationFeeSet(uint256 fee);

    error FeeMismatch(uint256 expected, uint256 paid);
    error UnknownDatanet(uint256 datanetId);
    error UnknownContribution(uint256 contributionId);
    error NotDatanetOwner(uint256 datanetId);
    error AlreadyReviewed(uint256 contributionId);
    error ContributionNotApproved(uint256 contributionId);
    error BadVersionCount(uint32 count, uint32 approvedCount);
    error LengthMismatch();
    error EmptyContent();

    uint256 public creationFee;
    uint256 public datanetCount;
    uint256 public contributionCount;
    mapping(uint256 => Datanet) public datanets;
    mapping(uint256 => Contribution) public contributions;
    mapping(uint256 => mapping(uint256 => Version)) public versions;

    constructor(address admin, address treasury_, uint256 creationFee_) ProtocolBase(admin, treasury_) {
        creationFee = creationFee_;
        emit CreationFeeSet(creationFee_);
    }

    function setCreationFee(uint256 fee) external onlyRole(DEFAULT_ADMIN_ROLE) {
        creationFee = fee;
        emit CreationFeeSet(fee);
    }

    /// @notice Creates a datanet owned by the sender; `msg.value` must equal `creationFee`,
    /// which goes to the treasury.
    function createDatanet(string calldata name, string calldata metadataURI)
        external
        payable
        nonReentrant
        returns (uint256 datanetId)
    {
        if (msg.value != creationFee) revert FeeMismatch(creationFee, msg.value);
        datanetId = ++datanetCount;
        datanets[datanetId] = Datanet(msg.sender, 0, 0, name, metadataURI);
        bytes32 transactionId = keccak256(abi.encode(block.chainid, address(this), datanetId));
        emit TransactionInitiated(transactionId, msg.sender, msg.value);
        emit DatanetCreated(datanetId, msg.sender, transactionId, name, metadataURI, msg.value);
        _send(treasury, msg.value);
    }

    /// @notice Submits a contribution (a file of rows, stored off-chain by its keccak256) to a datanet.
    function submitContribution(uint256 datanetId, bytes32 contentHash, string calldata uri, uint32 rowCount)
        public
        returns (uint256 contributionId)
    {
        if (datanetId == 0 || datanetId > datanetCount) revert UnknownDatanet(datanetId);
        if (contentHash == bytes32(0) || rowCount == 0) revert EmptyContent();
        contributionId = ++contributionCount;
        contributions[contributionId] = Contribution(datanetId, msg.sender, Status.Pending, rowCount, contentHash);
        emit ContributionSubmitted(contributionId, datanetId, msg.sender, contentHash, uri, rowCount);
    }

    /// @notice Batch form of `submitContribution`; returns the first new id (the rest follow).
    function submitContributions(
        uint256 datanetId,
        bytes32[] calldata contentHashes,
        string[] calldata uris,
        uint32[] calldata rowCounts
    ) external returns (uint256 firstId) {
        if (contentHashes.length != uris.length || uris.length != rowCounts.length) revert LengthMismatch();
        firstId = contributionCount + 1;
        for (uint256 i = 0; i < contentHashes.length; ++i) {
            submitContribution(datanetId, contentHashes[i], uris[i], rowCounts[i]);
        }
    }

    /// @notice Approves or rejects a pending contribution; only the datanet's owner, only once.
    function reviewContribution(uint256 contributionId, bool approved) public {
        Contribution storage c = contributions[contributionId];
        if (c.status == Status.None) revert UnknownContribution(contributionId);
        Datanet storage d = datanets[c.datanetId];
        if (d.owner != msg.sender) revert NotDatanetOwner(c.datanetId);
        if (c.status != Status.Pending) revert AlreadyReviewed(contributionId);
        c.status = approved ? Status.Approved : Status.Rejected;
        if (approved) d.approvedCount += 1;
        emit ContributionReviewed(contributionId, c.datanetId, msg.sender, approved, d.approvedCount);
    }

    /// @notice Batch form of `reviewContribution`.
    function reviewContributions(uint256[] calldata contributionIds, bool[] calldata approved) external {
        if (contributionIds.length != approved.length) revert LengthMismatch();
        for (uint256 i = 0; i < contributionIds.length; ++i) {
            reviewContribution(contributionIds[i], approved[i]);
        }
    }

    /// @notice Publishes the next version of a datanet: the Merkle root over `count` approved
    /// contributions. Only the owner; `count` is at least 1 and at most the approved count.
    function publishVersion(uint256 datanetId, bytes32 merkleRoot, uint32 count) external returns (uint256 version) {
        Datanet storage d = _ownedDatanet(datanetId);
        if (count == 0 || count > d.approvedCount) revert BadVersionCount(count, d.approvedCount);
        version = ++d.versionCount;
        versions[datanetId][version] = Version(merkleRoot, count);
        emit DatanetVersionPublished(datanetId, version, merkleRoot, count);
    }

    /// @notice Whether a contribution is a leaf of a published version's tree.
    function verifyContribution(
        uint256 datanetId,
        uint256 version,
        uint256 contributionId,
        bytes32 contentHash,
        bytes32[] calldata proof
    ) external view returns (bool) {
        bytes32 leaf = keccak256(abi.encode(contributionId, contentHash));
        return MerkleProof.verifyCalldata(proof, versions[datanetId][version].merkleRoot, leaf);
    }

    /// @inheritdoc IDatanets
    function approvedContributors(uint256[] calldata contributionIds)
        external
        view
        returns (address[] memory contributors, uint256[] memory datanetIds)
    {
        contributors = new address[](contributionIds.length);
        datanetIds = new uint256[](contributionIds.length);
        for (uint256 i = 0; i < contributionIds.length; ++i) {
            Contribution storage c = contributions[contributionIds[i]];
            if (c.status != Status.Approved) revert ContributionNotApproved(contributionIds[i]);
            contributors[i] = c.contributor;
            datanetIds[i] = c.datanetId;
        }
    }

    function _ownedDatanet(uint256 datanetId) internal view returns (Datanet storage d) {
        d = datanets[datanetId];
        if (d.owner == address(0)) revert UnknownDatanet(datanetId);
        if (d.owner != msg.sender) revert NotDatanetOwner(datanetId);
    }
}
