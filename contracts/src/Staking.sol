// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {OwnableRoles} from "./OwnableRoles.sol";
import {Stake, StakeConfig, UnstakeRequest} from "./StakeTypes.sol";

/// @title ERC-20 staking with per-config banks, a lock, a cooldown and commitment stakes.
/// @notice Behaves as OpenLedger's public Staking (see contracts/README.md): configs are created and
/// changed by their bank (a TRUSTED_BANK); tokens go from the staker to the config's bank, and the
/// stake with its interest comes back from the bank. Interest compounds continuously at the
/// config's annual rate, for at most `stakeDuration` seconds per accrual. Events carry no state
/// beyond ids: readers use the views `stakes`, `unstakeRequests` and `configs`.
contract Staking is OwnableRoles {
    using SafeERC20 for IERC20;

    uint256 internal constant WAD = 1e18;
    uint256 internal constant YEAR = 365 days;
    /// @notice Growth is capped at e^20 per accrual.
    uint256 public constant MAX_EXPONENT = 20 * WAD;
    uint256 public constant TRUSTED_BANK = _ROLE_0;
    bytes32 internal constant STAKE_TYPEHASH =
        keccak256("Stake(address recipient,uint256 configId,uint256 amount,uint256 startTime,uint256 nonce)");

    mapping(uint256 => Stake) public stakes;
    mapping(uint256 => bytes) public stakeCommitments;
    /// @notice The next stake id (ids start at 0; commitments take ids from the same counter).
    uint256 public nextStakeId;
    mapping(uint256 => UnstakeRequest) public unstakeRequests;
    mapping(uint256 => StakeConfig) public configs;
    /// @notice Principal staked per config and recipient (bounded by the config's min and max).
    mapping(uint256 => mapping(address => uint256)) public stakedAmounts;
    /// @notice Commitments already used (by keccak256 of the commitment bytes).
    mapping(bytes32 => bool) public replayGuard;

    // OpenLedger's public Staking events (exact signatures).
    event Staked(uint256 indexed stakingId, address indexed recipient, uint256 indexed amount);
    event ToppedUp(uint256 indexed stakingId, address indexed recipient, uint256 amount);
    event Unstaked(uint256 indexed stakingId, address indexed recipient);
    event RequestUnstake(uint256 indexed stakingId, address indexed recipient);
    event ConfigSet(uint256 indexed configId);
    event ConfigCreated(uint256 indexed configId);
    event CommitStake(uint256 indexed stakingId, bytes commitment);

    error InactiveConfigOrInvalidSender();
    error StakeNotFound();
    error UnstakeRequestNotFound();
    error CooldownNotPassed();
    error ZeroAmount();
    error StakeNotEnded();
    error StakeEnded();
    error StakeAmountExceeded();
    error StakeAmountTooSmall();
    error MismatchedRecipient();
    error SignatureReplayed();

    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");

    constructor() {
        _initializeOwner(msg.sender);
    }

    modifier nonZero(uint256 amount) {
        if (amount == 0) revert ZeroAmount();
        _;
    }

    // ---- configs (banks) ----

    /// @notice Creates config `configId` with the caller as its bank (the `bank` field given is
    /// ignored), or replaces it entirely when it exists and the caller is its bank.
    function setConfig(uint256 configId, StakeConfig calldata config) external onlyRoles(TRUSTED_BANK) {
        address bank = configs[configId].bank;
        if (bank == address(0)) {
            StakeConfig memory created = config;
            created.bank = msg.sender;
            configs[configId] = created;
            emit ConfigCreated(configId);
            return;
        }
        if (bank != msg.sender) revert Unauthorized();
        configs[configId] = config;
        emit ConfigSet(configId);
    }

    // ---- stakes ----

    /// @notice Moves `amount` of the config's token from the caller to the config's bank, as a new
    /// stake of `onBehalfOf`. The recipient's total in the config must stay within [min, max].
    function stake(uint256 configId, address onBehalfOf, uint256 amount) external nonZero(amount) {
        StakeConfig storage c = configs[configId];
        if (!c.isActive || !c.isPublic) revert InactiveConfigOrInvalidSender();
        IERC20(c.token).safeTransferFrom(msg.sender, c.bank, amount);
        uint256 stakingId = nextStakeId++;
        stakes[stakingId] = Stake(onBehalfOf, configId, block.timestamp, amount, block.timestamp, amount);
        uint256 total = stakedAmounts[configId][onBehalfOf] + amount;
        if (total < c.minStake) revert StakeAmountTooSmall();
        if (total > c.maxStake) revert StakeAmountExceeded();
        stakedAmounts[configId][onBehalfOf] = total;
        emit Staked(stakingId, onBehalfOf, amount);
    }

    /// @notice Reserves a stake id for a commitment: a manager's EIP-712 signature over a stake
    /// made elsewhere, opened later by its recipient with requestUnstakeWithCommitment.
    function commitStake(bytes calldata commitment) external {
        bytes32 digest = keccak256(commitment);
        if (replayGuard[digest]) revert SignatureReplayed();
        replayGuard[digest] = true;
        uint256 stakingId = nextStakeId++;
        stakeCommitments[stakingId] = commitment;
        emit CommitStake(stakingId, commitment);
    }

    /// @notice Adds to the caller's own stake: accrues it to now, adds `amount`, and restarts the lock.
    function topUpStake(uint256 stakingId, uint256 amount) external nonZero(amount) {
        Stake memory s = stakes[stakingId];
        StakeConfig storage c = configs[s.configId];
        if (s.amount == 0 || s.recipient != msg.sender || !c.isTopupEnabled) revert InactiveConfigOrInvalidSender();
        if (c.stakeDuration != 0 && s.startTime + c.stakeDuration <= block.timestamp) revert StakeEnded();
        IERC20(c.token).safeTransferFrom(msg.sender, c.bank, amount);
        s.amount = calculateAmount(s) + amount;
        s.startTime = block.timestamp;
        s.updatedAt = block.timestamp;
        s.principal += amount;
        uint256 total = stakedAmounts[s.configId][s.recipient] + amount;
        // as the public contract: reaching the maximum exactly is refused on a top-up
        if (total >= c.maxStake) revert StakeAmountExceeded();
        stakedAmounts[s.configId][s.recipient] = total;
        stakes[stakingId] = s;
        emit ToppedUp(stakingId, s.recipient, amount);
    }

    /// @notice Opens a committed stake for the caller (the config's manager must have signed it)
    /// and requests its unstake at once.
    function requestUnstakeWithCommitment(
        uint256 stakingId,
        uint256 configId,
        uint256 startTime,
        uint256 nonce,
        uint256 amount
    ) external {
        bytes memory commitment = stakeCommitments[stakingId];
        if (commitment.length == 0) revert StakeNotFound();
        bytes32 digest =
            MessageHashUtils.toTypedDataHash(_domainSeparator(), keccak256(abi.encode(STAKE_TYPEHASH, msg.sender, configId, amount, startTime, nonce)));
        if (ECDSA.recover(digest, commitment) != configs[configId].manager) revert Unauthorized();
        delete stakeCommitments[stakingId];
        stakes[stakingId] = Stake(msg.sender, configId, startTime, amount, startTime, amount);
        stakedAmounts[configId][msg.sender] += amount;
        requestUnstake(stakingId);
    }

    /// @notice Accrues the caller's stake to now and takes it out: paid at once when the config has
    /// no cooldown (only `Unstaked` is emitted), else held as an unstake request.
    function requestUnstake(uint256 stakingId) public {
        Stake memory s = stakes[stakingId];
        if (s.amount == 0) revert StakeNotFound();
        if (s.recipient != msg.sender) revert MismatchedRecipient();
        s.amount = calculateAmount(s);
        s.updatedAt = block.timestamp;
        delete stakes[stakingId];
        if (configs[s.configId].cooldownDuration == 0) {
            _payOut(stakingId, s);
        } else {
            unstakeRequests[stakingId] = UnstakeRequest(block.timestamp, s);
            emit RequestUnstake(stakingId, s.recipient);
        }
    }

    /// @notice Pays a requested unstake once its cooldown has passed.
    function unstake(uint256 stakingId) external {
        UnstakeRequest memory r = unstakeRequests[stakingId];
        if (r.requestAt == 0) revert UnstakeRequestNotFound();
        if (r.stake.recipient != msg.sender) revert MismatchedRecipient();
        if (block.timestamp < r.requestAt + configs[r.stake.configId].cooldownDuration) revert CooldownNotPassed();
        delete unstakeRequests[stakingId];
        _payOut(stakingId, r.stake);
    }

    // ---- views ----

    /// @notice `s` accrued to now (the updated amount and `updatedAt`).
    function accured(Stake memory s) public view returns (Stake memory) {
        s.amount = calculateAmount(s);
        s.updatedAt = block.timestamp;
        return s;
    }

    /// @notice `amount * e^(rate * t / year)`, t = seconds since `updatedAt` capped at the config's
    /// stakeDuration (when not 0): floor(amount * expWad(floor(floor(t * 1e18 / year) * rate / 1e18)) / 1e18).
    function calculateAmount(Stake memory s) public view returns (uint256) {
        StakeConfig storage c = configs[s.configId];
        uint256 elapsed = block.timestamp - s.updatedAt;
        if (c.stakeDuration != 0 && elapsed > c.stakeDuration) elapsed = c.stakeDuration;
        uint256 years_ = elapsed * WAD / YEAR;
        return s.amount * expWad(years_ * c.interestRate / WAD) / WAD;
    }

    /// @notice e^(x / 1e18) * 1e18 by the floored Taylor series: term_0 = 1e18,
    /// term_i = term_(i-1) * x / (i * 1e18), summed until a term is 0; x capped at MAX_EXPONENT.
    function expWad(uint256 x) public pure returns (uint256 sum) {
        if (x > MAX_EXPONENT) x = MAX_EXPONENT;
        sum = WAD;
        uint256 term = WAD;
        for (uint256 i = 1; term != 0; ++i) {
            term = term * x / (i * WAD);
            sum += term;
        }
    }

    // ---- internals ----

    /// @dev EIP-712 domain ("Staking", "1", this chain, this contract), computed per call.
    function _domainSeparator() internal view returns (bytes32) {
        return keccak256(abi.encode(DOMAIN_TYPEHASH, keccak256("Staking"), keccak256("1"), block.chainid, address(this)));
    }

    function _payOut(uint256 stakingId, Stake memory s) internal {
        StakeConfig storage c = configs[s.configId];
        if (s.startTime + c.stakeDuration > block.timestamp) revert StakeNotEnded();
        stakedAmounts[s.configId][s.recipient] -= s.principal;
        IERC20(c.token).safeTransferFrom(c.bank, s.recipient, s.amount);
        emit Unstaked(stakingId, s.recipient);
    }
}
