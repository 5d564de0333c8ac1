// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IDatanets, IModels} from "./Interfaces.sol";

/// @title Model registry: models trained on datanets, their versions, and OpenLoRA adapters.
/// @notice A model names its attribution method (a short ASCII id, left-aligned in a bytes32) and
/// its datanets; each version commits a manifest (keccak256 and URI) that pins everything the
/// method needs to recompute a record. Ids of models and adapters start at 1.
contract ModelFactory is AccessControl, IModels {
    bytes32 public constant METHOD_GRADIENT = "tracin-mlp/1";
    bytes32 public constant METHOD_NGRAM = "ngram-spans/1";

    struct Model {
        address owner;
        uint32 versionCount;
        bytes32 attributionMethod;
        uint256 feePerInference; // wei of native OPEN, charged from the user's credits
        string name;
    }

    struct Adapter {
        uint256 baseModelId;
        uint32 baseVersion;
        address owner;
        bytes32 adapterHash;
        string uri;
    }

    event ModelRegistered(
        uint256 indexed modelId,
        address indexed owner,
        bytes32 indexed attributionMethod,
        string name,
        uint256[] datanetIds,
        uint256 feePerInference
    );
    event ModelVersionPublished(
        uint256 indexed modelId, uint256 indexed version, bytes32 manifestHash, string manifestURI
    );
    event ModelFeeSet(uint256 indexed modelId, uint256 feePerInference);
    event AdapterRegistered(
        uint256 indexed adapterId,
        uint256 indexed baseModelId,
        address indexed owner,
        uint32 baseVersion,
        bytes32 adapterHash,
        string uri
    );
    event AttributionMethodSet(bytes32 indexed method, bool allowed);

    error UnknownModel(uint256 modelId);
    error UnknownModelVersion(uint256 modelId, uint256 version);
    error NotModelOwner(uint256 modelId);
    error MethodNotAllowed(bytes32 method);
    error BadDatanets();
    error EmptyHash();

    IDatanets public immutable DATANETS;
    uint256 public modelCount;
    uint256 public adapterCount;
    mapping(bytes32 => bool) public methodAllowed;
    mapping(uint256 => Model) public models;
    mapping(uint256 => uint256[]) internal _datanetIds;
    mapping(uint256 => mapping(uint256 => bool)) public usesDatanet;
    mapping(uint256 => mapping(uint256 => bytes32)) public manifestHashes; // model => version => hash
    mapping(uint256 => Adapter) public adapters;

    constructor(address admin, IDatanets datanets) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        DATANETS = datanets;
        _setMethod(METHOD_GRADIENT, true);
        _setMethod(METHOD_NGRAM, true);
    }

    function setAttributionMethod(bytes32 method, bool allowed) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setMethod(method, allowed);
    }

    /// @notice Registers a model owned by the sender. `datanetIds` must be existing datanets in
    /// strictly ascending order.
    function registerModel(
        string calldata name,
        bytes32 attributionMethod,
        uint256[] calldata datanetIds,
        uint256 feePerInference
    ) external returns (uint256 modelId) {
        if (!methodAllowed[attributionMethod]) revert MethodNotAllowed(attributionMethod);
        uint256 known = DATANETS.datanetCount();
        if (datanetIds.length == 0) revert BadDatanets();
        modelId = ++modelCount;
        for (uint256 i = 0; i < datanetIds.length; ++i) {
            uint256 id = datanetIds[i];
            if (id == 0 || id > known || (i > 0 && id <= datanetIds[i - 1])) revert BadDatanets();
            usesDatanet[modelId][id] = true;
        }
        models[modelId] = Model(msg.sender, 0, attributionMethod, feePerInference, name);
        _datanetIds[modelId] = datanetIds;
        emit ModelRegistered(modelId, msg.sender, attributionMethod, name, datanetIds, feePerInference);
    }

    /// @notice Publishes the next version of the sender's model.
    function publishVersion(uint256 modelId, bytes32 manifestHash, string calldata manifestURI)
        external
        returns (uint256 version)
    {
        Model storage m = _ownedModel(modelId);
        if (manifestHash == bytes32(0)) revert EmptyHash();
        version = ++m.versionCount;
        manifestHashes[modelId][version] = manifestHash;
        emit ModelVersionPublished(modelId, version, manifestHash, manifestURI);
    }

    function setFee(uint256 modelId, uint256 feePerInference) external {
        _ownedModel(modelId).feePerInference = feePerInference;
        emit ModelFeeSet(modelId, feePerInference);
    }

    /// @notice Registers an OpenLoRA adapter of a published version of a base model; anyone may
    /// publish an adapter and owns it.
    function registerAdapter(uint256 baseModelId, uint32 baseVersion, bytes32 adapterHash, string calldata uri)
        external
        returns (uint256 adapterId)
    {
        Model storage m = models[baseModelId];
        if (m.owner == address(0)) revert UnknownModel(baseModelId);
        if (baseVersion == 0 || baseVersion > m.versionCount) revert UnknownModelVersion(baseModelId, baseVersion);
        if (adapterHash == bytes32(0)) revert EmptyHash();
        adapterId = ++adapterCount;
        adapters[adapterId] = Adapter(baseModelId, baseVersion, msg.sender, adapterHash, uri);
        emit AdapterRegistered(adapterId, baseModelId, msg.sender, baseVersion, adapterHash, uri);
    }

    function datanetIdsOf(uint256 modelId) external view returns (uint256[] memory) {
        return _datanetIds[modelId];
    }

    /// @inheritdoc IModels
    function modelInfo(uint256 modelId)
        external
        view
        returns (address owner, uint256 feePerInference, uint256 versionCount)
    {
        Model storage m = models[modelId];
        if (m.owner == address(0)) revert UnknownModel(modelId);
        return (m.owner, m.feePerInference, m.versionCount);
    }

    /// @inheritdoc IModels
    function usesDatanets(uint256 modelId, uint256[] calldata datanetIds) external view returns (bool) {
        for (uint256 i = 0; i < datanetIds.length; ++i) {
            if (!usesDatanet[modelId][datanetIds[i]]) return false;
        }
        return true;
    }

    function _ownedModel(uint256 modelId) internal view returns (Model storage m) {
        m = models[modelId];
        if (m.owner == address(0)) revert UnknownModel(modelId);
        if (m.owner != msg.sender) revert NotModelOwner(modelId);
    }

    function _setMethod(bytes32 method, bool allowed) internal {
        methodAllowed[method] = allowed;
        emit AttributionMethodSet(method, allowed);
    }
}
