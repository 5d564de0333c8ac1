// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ProtocolBase} from "./ProtocolBase.sol";
import {PullPayments} from "./PullPayments.sol";
import {IAttributionEngine, IChallengeManager} from "./Interfaces.sol";

/// @title Challenges of attribution records, resolved by the arbiter (the governance timelock).
/// @notice Anyone may challenge a record within `challengeWindow` seconds of it, paying exactly
/// `challengeBond` in native OPEN; one open challenge per inference. The attributor may respond
/// once. Before the deadline is reached or afterwards, while still open, the ARBITER_ROLE resolves:
///   upheld:   up to `slashAmount` of the attributor's bond is slashed; the challenger gets the bond
///             back plus slashed * challengerRewardBps / 10000 (floor); the rest goes to the treasury.
///             The inference cannot be challenged again.
///   rejected: the bond goes to the treasury.
/// Once the deadline has passed, anyone may expire an open challenge: the bond goes back.
/// Every payout is a pull payment (PullPayments): credited to the challenger or the treasury and
/// withdrawn by them, so no recipient can make `resolve` or `expire` revert.
contract ChallengeManager is PullPayments, IChallengeManager {
    bytes32 public constant ARBITER_ROLE = keccak256("ARBITER_ROLE");
    uint256 public constant BPS = 10_000;

    enum Status {
        None,
        Open,
        Upheld,
        Rejected,
        Expired
    }

    struct Challenge {
        uint256 inferenceId;
        address challenger;
        uint64 deadline;
        address attributor;
        Status status;
        bool responded;
        uint256 bond;
    }

    event ChallengeOpened(
        uint256 indexed challengeId,
        uint256 indexed inferenceId,
        address indexed challenger,
        address attributor,
        uint256 bond,
        bytes32 evidenceHash,
        string evidenceURI,
        uint64 deadline
    );
    event ChallengeResponded(
        uint256 indexed challengeId,
        uint256 indexed inferenceId,
        address indexed attributor,
        bytes32 responseHash,
        string responseURI
    );
    event ChallengeResolved(
        uint256 indexed challengeId,
        uint256 indexed inferenceId,
        address indexed arbiter,
        bool upheld,
        uint256 slashedAmount,
        uint256 challengerReward,
        uint256 treasuryAmount
    );
    event ChallengeExpired(uint256 indexed challengeId, uint256 indexed inferenceId, uint256 bondReturned);
    event ChallengeParamsSet(
        uint256 challengeBond, uint64 challengeWindow, uint64 resolutionPeriod, uint256 slashAmount, uint16 challengerRewardBps
    );

    error UnknownInference(uint256 inferenceId);
    error ChallengeWindowClosed(uint256 inferenceId);
    error ChallengeAlreadyOpen(uint256 inferenceId, uint256 challengeId);
    error InferenceAlreadyUpheld(uint256 inferenceId);
    error BondNotPaid(uint256 required, uint256 paid);
    error ChallengeNotOpen(uint256 challengeId);
    error NotAttributor(uint256 challengeId);
    error AlreadyResponded(uint256 challengeId);
    error DeadlinePassed(uint256 challengeId);
    error DeadlineNotReached(uint256 challengeId, uint64 deadline);
    error BadParams();
    error UnexpectedPayment();

    IAttributionEngine public immutable ENGINE;
    uint256 public challengeBond;
    uint64 public challengeWindow;
    uint64 public resolutionPeriod;
    uint16 public challengerRewardBps;
    uint256 public slashAmount;

    uint256 public challengeCount; // ids start at 1
    mapping(uint256 => Challenge) public challenges;
    mapping(uint256 => uint256) public openChallengeOf; // inferenceId => open challengeId (0: none)
    mapping(uint256 => bool) public inferenceUpheld;
    /// @inheritdoc IChallengeManager
    mapping(address => uint256) public openChallengeCount;

    constructor(address admin, address treasury_, IAttributionEngine engine, address arbiter)
        ProtocolBase(admin, treasury_)
    {
        ENGINE = engine;
        if (arbiter != address(0)) _grantRole(ARBITER_ROLE, arbiter);
    }

    /// @dev Only the engine pays in (slashed stake); bonds come through `openChallenge`.
    receive() external payable {
        if (msg.sender != address(ENGINE)) revert UnexpectedPayment();
    }

    function setParams(
        uint256 challengeBond_,
        uint64 challengeWindow_,
        uint64 resolutionPeriod_,
        uint256 slashAmount_,
        uint16 challengerRewardBps_
    ) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (challengeBond_ == 0 || challengerRewardBps_ > BPS || resolutionPeriod_ == 0) revert BadParams();
        challengeBond = challengeBond_;
        challengeWindow = challengeWindow_;
        resolutionPeriod = resolutionPeriod_;
        slashAmount = slashAmount_;
        challengerRewardBps = challengerRewardBps_;
        emit ChallengeParamsSet(challengeBond_, challengeWindow_, resolutionPeriod_, slashAmount_, challengerRewardBps_);
    }

    /// @notice Challenges an inference record; `msg.value` must equal `challengeBond`.
    function openChallenge(uint256 inferenceId, bytes32 evidenceHash, string calldata evidenceURI)
        external
        payable
        returns (uint256 challengeId)
    {
        (address attributor, uint64 recordedAt) = ENGINE.inferenceInfo(inferenceId);
        if (attributor == address(0)) revert UnknownInference(inferenceId);
        if (block.timestamp > uint256(recordedAt) + challengeWindow) revert ChallengeWindowClosed(inferenceId);
        if (inferenceUpheld[inferenceId]) revert InferenceAlreadyUpheld(inferenceId);
        uint256 open = openChallengeOf[inferenceId];
        if (open != 0) revert ChallengeAlreadyOpen(inferenceId, open);
        if (challengeBond == 0 || msg.value != challengeBond) revert BondNotPaid(challengeBond, msg.value);

        challengeId = ++challengeCount;
        uint64 deadline = uint64(block.timestamp) + resolutionPeriod;
        challenges[challengeId] =
            Challenge(inferenceId, msg.sender, deadline, attributor, Status.Open, false, msg.value);
        openChallengeOf[inferenceId] = challengeId;
        openChallengeCount[attributor] += 1;
        emit ChallengeOpened(
            challengeId, inferenceId, msg.sender, attributor, msg.value, evidenceHash, evidenceURI, deadline
        );
    }

    /// @notice The attributor's answer (e.g. a recomputation), once, before the deadline.
    function respond(uint256 challengeId, bytes32 responseHash, string calldata responseURI) external {
        Challenge storage c = _open(challengeId);
        if (msg.sender != c.attributor) revert NotAttributor(challengeId);
        if (c.responded) revert AlreadyResponded(challengeId);
        if (block.timestamp > c.deadline) revert DeadlinePassed(challengeId);
        c.responded = true;
        emit ChallengeResponded(challengeId, c.inferenceId, msg.sender, responseHash, responseURI);
    }

    /// @notice Settles an open challenge. Only the ARBITER_ROLE.
    function resolve(uint256 challengeId, bool upheld) external onlyRole(ARBITER_ROLE) nonReentrant {
        Challenge storage c = _open(challengeId);
        uint256 inferenceId = c.inferenceId;
        delete openChallengeOf[inferenceId];
        openChallengeCount[c.attributor] -= 1;
        uint256 slashed;
        uint256 reward;
        uint256 toTreasury;
        if (upheld) {
            c.status = Status.Upheld;
            inferenceUpheld[inferenceId] = true;
            slashed = ENGINE.slash(c.attributor, slashAmount, challengeId);
            reward = slashed * challengerRewardBps / BPS;
            toTreasury = slashed - reward;
        } else {
            c.status = Status.Rejected;
            toTreasury = c.bond;
        }
        emit ChallengeResolved(challengeId, inferenceId, msg.sender, upheld, slashed, reward, toTreasury);
        if (upheld) _credit(c.challenger, c.bond + reward);
        _credit(treasury, toTreasury);
    }

    /// @notice Closes an open challenge whose deadline has passed; the bond goes back. Anyone.
    function expire(uint256 challengeId) external nonReentrant {
        Challenge storage c = _open(challengeId);
        if (block.timestamp <= c.deadline) revert DeadlineNotReached(challengeId, c.deadline);
        c.status = Status.Expired;
        delete openChallengeOf[c.inferenceId];
        openChallengeCount[c.attributor] -= 1;
        emit ChallengeExpired(challengeId, c.inferenceId, c.bond);
        _credit(c.challenger, c.bond);
    }

    function _open(uint256 challengeId) internal view returns (Challenge storage c) {
        c = challenges[challengeId];
        if (c.status != Status.Open) revert ChallengeNotOpen(challengeId);
    }
}
