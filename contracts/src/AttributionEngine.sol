// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ProtocolBase} from "./ProtocolBase.sol";
import {IAttributionEngine, IChallengeManager, ICreditManager, IDatanets, IModels} from "./Interfaces.sol";

/// @title Proof-of-Attribution records, attributor bonds, the fee split and contributor rewards.
/// @notice A bonded attributor posts, per inference, the contributions that influenced the output
/// and their shares in parts per billion. The model's fee is charged from the user's credits and
/// split (see contracts/README.md):
///   protocol  = fee * protocolBps / 10000 (floor)
///   owner     = fee * modelOwnerBps / 10000 (floor)
///   pool      = fee - protocol - owner
///   reward_i  = pool * share_i / 1e9 (floor), credited to contribution i's contributor
///   dust      = pool - sum(reward_i), credited to the treasury with the protocol amount.
/// Everything is credited to claimable balances; `claimRewards` pays them out.
/// The fee is charged only within the allowance the user granted the attributor in the
/// CreditManager. A bond unbonds no earlier than the end of the challenge window plus the
/// resolution period after the attributor's last record, and never while a challenge against the
/// attributor is open, so every record stays backed by slashable bond until it can no longer be
/// challenged.
contract AttributionEngine is ProtocolBase, IAttributionEngine {
    bytes32 public constant SLASHER_ROLE = keccak256("SLASHER_ROLE");
    uint256 public constant SHARE_DENOMINATOR = 1e9;
    uint256 public constant BPS = 10_000;

    struct InferenceRecord {
        uint256 modelId;
        uint256 modelVersion;
        address user;
        bytes32 inputHash;
        string inputURI;
        bytes32 outputHash;
        uint256[] contributionIds; // strictly ascending
        uint32[] shares; // parts per billion, summing to exactly 1e9
    }

    struct Inference {
        address attributor;
        uint64 recordedAt;
    }

    struct Bond {
        uint256 active; // counts towards minAttributorStake
        uint256 pending; // requested for withdrawal, still slashable
        uint64 unlockAt; // set by requestUnstake: max(now + unbondingPeriod, lastRecordAt + window + resolution)
        uint64 lastRecordAt; // block time of the attributor's last record
    }

    event AttributorStaked(address indexed attributor, uint256 amount, uint256 activeStake);
    event AttributorUnstakeRequested(address indexed attributor, uint256 amount, uint256 activeStake, uint64 unlockAt);
    event AttributorUnstaked(address indexed attributor, uint256 amount);
    event AttributorSlashed(
        address indexed attributor, uint256 indexed challengeId, uint256 amount, uint256 activeStake, uint256 pendingStake
    );
    event InferenceAttributed(
        uint256 indexed inferenceId,
        uint256 indexed modelId,
        address indexed attributor,
        uint256 modelVersion,
        address user,
        bytes32 inputHash,
        string inputURI,
        bytes32 outputHash,
        uint256 fee,
        uint256[] contributionIds,
        uint32[] shares
    );
    event FeeSplit(
        uint256 indexed inferenceId,
        uint256 indexed modelId,
        address indexed modelOwner,
        uint256 fee,
        uint256 protocolAmount,
        uint256 modelOwnerAmount,
        uint256 contributorAmount,
        uint256 dust
    );
    event RewardsClaimed(address indexed account, uint256 amount);
    event FeeSplitSet(uint16 protocolBps, uint16 modelOwnerBps);
    event AttributorParamsSet(uint256 minAttributorStake, uint64 unbondingPeriod);

    error ZeroAmount();
    error InsufficientStake(uint256 required, uint256 active);
    error NothingToUnstake();
    error CooldownActive(uint64 unlockAt);
    error OpenChallenges(address attributor, uint256 count);
    error NothingToClaim(address account);
    error UnknownModelVersion(uint256 modelId, uint256 version);
    error EmptyAttribution();
    error LengthMismatch(uint256 contributions, uint256 shares);
    error ContributionsNotAscending(uint256 index);
    error SharesSumMismatch(uint256 sum);
    error ContributionOutsideModel();
    error BadFeeSplit();
    error UnexpectedPayment();

    IDatanets public immutable DATANETS;
    IModels public immutable MODELS;
    ICreditManager public immutable CREDITS;
    /// @notice The ChallengeManager: holds SLASHER_ROLE, and its window and resolution period bound unbonding.
    IChallengeManager public immutable CHALLENGES;

    uint16 public protocolBps;
    uint16 public modelOwnerBps;
    uint64 public unbondingPeriod;
    uint256 public minAttributorStake;
    uint256 public inferenceCount; // ids start at 1
    mapping(uint256 => Inference) internal _inferences;
    mapping(address => Bond) public bonds;
    mapping(address => uint256) public rewards; // claimable, in wei

    constructor(
        address admin,
        address treasury_,
        IDatanets datanets,
        IModels models,
        ICreditManager credits,
        IChallengeManager challenges
    ) ProtocolBase(admin, treasury_) {
        if (address(challenges) == address(0)) revert ZeroAddress();
        DATANETS = datanets;
        MODELS = models;
        CREDITS = credits;
        CHALLENGES = challenges;
        _grantRole(SLASHER_ROLE, address(challenges));
    }

    /// @dev Only the CreditManager pays in (fees); bonds come through `stake`.
    receive() external payable {
        if (msg.sender != address(CREDITS)) revert UnexpectedPayment();
    }

    // ---- admin ----

    function setFeeSplit(uint16 protocolBps_, uint16 modelOwnerBps_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (uint256(protocolBps_) + modelOwnerBps_ > BPS) revert BadFeeSplit();
        protocolBps = protocolBps_;
        modelOwnerBps = modelOwnerBps_;
        emit FeeSplitSet(protocolBps_, modelOwnerBps_);
    }

    function setAttributorParams(uint256 minStake, uint64 unbondingPeriod_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        minAttributorStake = minStake;
        unbondingPeriod = unbondingPeriod_;
        emit AttributorParamsSet(minStake, unbondingPeriod_);
    }

    // ---- attributor bonds ----

    function stake() external payable {
        if (msg.value == 0) revert ZeroAmount();
        Bond storage b = bonds[msg.sender];
        b.active += msg.value;
        emit AttributorStaked(msg.sender, msg.value, b.active);
    }

    /// @notice Moves `amount` of the active bond to pending and (re)starts the unbonding period
    /// for everything pending: `unlockAt = max(now + unbondingPeriod, lastRecordAt +
    /// challengeWindow + resolutionPeriod)`. Pending stake can still be slashed.
    function requestUnstake(uint256 amount) external {
        Bond storage b = bonds[msg.sender];
        if (amount == 0) revert ZeroAmount();
        if (amount > b.active) revert InsufficientStake(amount, b.active);
        b.active -= amount;
        b.pending += amount;
        uint64 unlockAt = uint64(block.timestamp) + unbondingPeriod;
        uint64 challengeable = _challengeableUntil(b.lastRecordAt);
        b.unlockAt = unlockAt > challengeable ? unlockAt : challengeable;
        emit AttributorUnstakeRequested(msg.sender, amount, b.active, b.unlockAt);
    }

    /// @notice Pays the pending bond once `unbondingReadyAt` has passed and no challenge against
    /// the sender is open.
    function unstake() external nonReentrant {
        Bond storage b = bonds[msg.sender];
        uint256 amount = b.pending;
        if (amount == 0) revert NothingToUnstake();
        uint64 readyAt = unbondingReadyAt(msg.sender);
        if (block.timestamp < readyAt) revert CooldownActive(readyAt);
        uint256 open = CHALLENGES.openChallengeCount(msg.sender);
        if (open != 0) revert OpenChallenges(msg.sender, open);
        b.pending = 0;
        emit AttributorUnstaked(msg.sender, amount);
        _send(msg.sender, amount);
    }

    /// @inheritdoc IAttributionEngine
    function slash(address attributor, uint256 amount, uint256 challengeId)
        external
        onlyRole(SLASHER_ROLE)
        nonReentrant
        returns (uint256 slashed)
    {
        Bond storage b = bonds[attributor];
        uint256 fromActive = amount < b.active ? amount : b.active;
        uint256 fromPending = amount - fromActive < b.pending ? amount - fromActive : b.pending;
        b.active -= fromActive;
        b.pending -= fromPending;
        slashed = fromActive + fromPending;
        emit AttributorSlashed(attributor, challengeId, slashed, b.active, b.pending);
        _send(msg.sender, slashed);
    }

    // ---- records ----

    /// @notice Records one inference; the sender is the attributor. Returns its id.
    function recordInference(InferenceRecord calldata r) external nonReentrant returns (uint256) {
        _requireBonded();
        bonds[msg.sender].lastRecordAt = uint64(block.timestamp);
        return _record(r);
    }

    /// @notice Records many inferences in one transaction; returns the first id (the rest follow).
    function recordInferences(InferenceRecord[] calldata rs) external nonReentrant returns (uint256 firstId) {
        _requireBonded();
        bonds[msg.sender].lastRecordAt = uint64(block.timestamp);
        firstId = inferenceCount + 1;
        for (uint256 i = 0; i < rs.length; ++i) {
            _record(rs[i]);
        }
    }

    /// @notice Pays the sender's claimable balance.
    function claimRewards() external returns (uint256) {
        return claimRewardsFor(msg.sender);
    }

    /// @notice Pays `account`'s claimable balance to `account` (anyone may trigger it, e.g. for the
    /// treasury). Reverts when nothing is due.
    function claimRewardsFor(address account) public nonReentrant returns (uint256 amount) {
        amount = rewards[account];
        if (amount == 0) revert NothingToClaim(account);
        rewards[account] = 0;
        emit RewardsClaimed(account, amount);
        _send(account, amount);
    }

    // ---- views ----

    /// @notice When the attributor's pending bond may be withdrawn at the earliest: its `unlockAt`,
    /// pushed back to `lastRecordAt + challengeWindow + resolutionPeriod` (read live from the
    /// ChallengeManager) when it recorded after requesting. `unstake` also waits for open challenges.
    function unbondingReadyAt(address attributor) public view returns (uint64) {
        Bond storage b = bonds[attributor];
        uint64 challengeable = _challengeableUntil(b.lastRecordAt);
        return b.unlockAt > challengeable ? b.unlockAt : challengeable;
    }

    /// @inheritdoc IAttributionEngine
    function inferenceInfo(uint256 inferenceId) external view returns (address attributor, uint64 recordedAt) {
        Inference storage inf = _inferences[inferenceId];
        return (inf.attributor, inf.recordedAt);
    }

    // ---- internals ----

    /// @dev The last moment a record made at `recordedAt` can still be challenged and resolved on time.
    function _challengeableUntil(uint64 recordedAt) internal view returns (uint64) {
        if (recordedAt == 0) return 0;
        return recordedAt + CHALLENGES.challengeWindow() + CHALLENGES.resolutionPeriod();
    }

    function _requireBonded() internal view {
        uint256 active = bonds[msg.sender].active;
        if (active == 0 || active < minAttributorStake) revert InsufficientStake(minAttributorStake, active);
    }

    function _record(InferenceRecord calldata r) internal returns (uint256 inferenceId) {
        (address modelOwner, uint256 fee, uint256 versionCount) = MODELS.modelInfo(r.modelId);
        if (r.modelVersion == 0 || r.modelVersion > versionCount) {
            revert UnknownModelVersion(r.modelId, r.modelVersion);
        }
        _checkShares(r.contributionIds, r.shares);
        (address[] memory contributors, uint256[] memory datanetIds) = DATANETS.approvedContributors(r.contributionIds);
        if (!MODELS.usesDatanets(r.modelId, datanetIds)) revert ContributionOutsideModel();

        inferenceId = ++inferenceCount;
        _inferences[inferenceId] = Inference(msg.sender, uint64(block.timestamp));
        if (fee > 0) CREDITS.spend(r.user, msg.sender, fee);
        _emitAttributed(inferenceId, fee, r);
        _split(inferenceId, r.modelId, modelOwner, fee, contributors, r.shares);
    }

    function _emitAttributed(uint256 inferenceId, uint256 fee, InferenceRecord calldata r) internal {
        emit InferenceAttributed(
            inferenceId,
            r.modelId,
            msg.sender,
            r.modelVersion,
            r.user,
            r.inputHash,
            r.inputURI,
            r.outputHash,
            fee,
            r.contributionIds,
            r.shares
        );
    }

    function _split(
        uint256 inferenceId,
        uint256 modelId,
        address modelOwner,
        uint256 fee,
        address[] memory contributors,
        uint32[] calldata shares
    ) internal {
        uint256 protocolAmount = fee * protocolBps / BPS;
        uint256 ownerAmount = fee * modelOwnerBps / BPS;
        uint256 pool = fee - protocolAmount - ownerAmount;
        uint256 distributed = 0;
        for (uint256 i = 0; i < shares.length; ++i) {
            uint256 reward = pool * shares[i] / SHARE_DENOMINATOR;
            if (reward > 0) rewards[contributors[i]] += reward;
            distributed += reward;
        }
        uint256 dust = pool - distributed;
        protocolAmount += dust;
        rewards[treasury] += protocolAmount;
        rewards[modelOwner] += ownerAmount;
        emit FeeSplit(inferenceId, modelId, modelOwner, fee, protocolAmount, ownerAmount, distributed, dust);
    }

    function _checkShares(uint256[] calldata ids, uint32[] calldata shares) internal pure {
        if (ids.length == 0) revert EmptyAttribution();
        if (ids.length != shares.length) revert LengthMismatch(ids.length, shares.length);
        uint256 sum = shares[0];
        for (uint256 i = 1; i < ids.length; ++i) {
            if (ids[i] <= ids[i - 1]) revert ContributionsNotAscending(i);
            sum += shares[i];
        }
        if (sum != SHARE_DENOMINATOR) revert SharesSumMismatch(sum);
    }
}
