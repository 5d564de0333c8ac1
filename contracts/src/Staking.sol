// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ProtocolBase} from "./ProtocolBase.sol";

/// @title Staking of native OPEN with continuous compounding, configs and a cooldown.
/// @notice A stake grows as `value * e^(rate * seconds)` while active. `requestUnstake` freezes the
/// value and starts the config's cooldown; `unstake` after the cooldown pays the frozen value.
/// Rewards come from a reserve anyone can fund (`fundRewards`), kept apart from the stakes: when a
/// stake is compounded (top-up, unstake request) its interest moves from `rewardReserve` into the
/// stake's stored value, as far as the reserve goes (what it cannot cover is not paid). So the
/// contract always holds `totalStaked + rewardReserve`, and every stored stake value is payable:
/// one staker's rewards are never paid out of another's principal. A stake keeps the rate it was
/// opened (or last topped up) with, so a config change applies to new stakes and top-ups only.
contract Staking is ProtocolBase {
    uint256 internal constant WAD = 1e18;
    /// @notice Growth is capped at e^20 per compounding period.
    uint256 public constant MAX_EXPONENT = 20 * WAD;

    enum Status {
        None,
        Active,
        CoolingDown,
        Unstaked
    }

    struct Config {
        uint64 ratePerSecond; // WAD per second: 1e18 is 100% per second
        uint64 cooldown; // seconds between requestUnstake and unstake
        bool active; // new stakes and top-ups only while active
        uint256 minStake; // smallest initial stake in wei
    }

    struct Stake {
        address recipient;
        uint32 configId;
        uint64 lastUpdate; // when `value` was last compounded
        uint64 ratePerSecond; // snapshot of the config's rate
        uint64 unlockAt; // set by requestUnstake
        Status status;
        uint256 value; // value at `lastUpdate` (frozen once cooling down)
    }

    // Public OpenLedger Staking events (exact signatures).
    event Staked(uint256 indexed stakingId, address indexed recipient, uint256 indexed amount);
    event ToppedUp(uint256 indexed stakingId, address indexed recipient, uint256 amount);
    event RequestUnstake(uint256 indexed stakingId, address indexed recipient);
    event Unstaked(uint256 indexed stakingId, address indexed recipient);
    event ConfigCreated(uint256 indexed configId);
    event ConfigSet(uint256 indexed configId);
    // Companion events with the state the public ones leave out, emitted right after them.
    event ConfigUpdated(uint256 indexed configId, uint64 ratePerSecond, uint64 cooldown, uint256 minStake, bool active);
    event StakeUpdated(
        uint256 indexed stakingId, uint256 indexed configId, uint8 status, uint256 value, uint64 ratePerSecond, uint64 unlockAt
    );
    /// @dev `rewardReserve` is the reserve afterwards.
    event RewardsFunded(address indexed from, uint256 amount, uint256 rewardReserve);
    /// @dev Interest moved from the reserve into a stake (`paid`), what the reserve could not cover
    /// (`unpaid`, forgone), and the reserve afterwards. Emitted before the action's public event.
    event RewardsAccrued(uint256 indexed stakingId, uint256 paid, uint256 unpaid, uint256 rewardReserve);

    error UnknownConfig(uint256 configId);
    error ConfigInactive(uint256 configId);
    error BelowMinStake(uint256 minStake, uint256 amount);
    error ZeroAmount();
    error UnknownStake(uint256 stakingId);
    error NotStakeOwner(uint256 stakingId);
    error NotActive(uint256 stakingId);
    error NotCoolingDown(uint256 stakingId);
    error CooldownActive(uint256 stakingId, uint64 unlockAt);

    /// @notice Ids start at 1.
    uint256 public configCount;
    uint256 public stakeCount;
    mapping(uint256 => Config) internal _configs;
    mapping(uint256 => Stake) internal _stakes;
    /// @notice Funded rewards not yet moved into a stake.
    uint256 public rewardReserve;
    /// @notice The sum of the stored values of the stakes not yet unstaked (principal plus paid interest).
    uint256 public totalStaked;

    constructor(address admin, address treasury_) ProtocolBase(admin, treasury_) {}

    // ---- configs (admin) ----

    function createConfig(uint64 ratePerSecond, uint64 cooldown, uint256 minStake)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
        returns (uint256 configId)
    {
        configId = ++configCount;
        _configs[configId] = Config(ratePerSecond, cooldown, true, minStake);
        emit ConfigCreated(configId);
        emit ConfigUpdated(configId, ratePerSecond, cooldown, minStake, true);
    }

    function setConfig(uint256 configId, uint64 ratePerSecond, uint64 cooldown, uint256 minStake, bool active)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
    {
        _config(configId);
        _configs[configId] = Config(ratePerSecond, cooldown, active, minStake);
        emit ConfigSet(configId);
        emit ConfigUpdated(configId, ratePerSecond, cooldown, minStake, active);
    }

    /// @notice Adds native OPEN to the reward reserve.
    function fundRewards() external payable {
        if (msg.value == 0) revert ZeroAmount();
        uint256 reserve = rewardReserve + msg.value;
        rewardReserve = reserve;
        emit RewardsFunded(msg.sender, msg.value, reserve);
    }

    // ---- stakes ----

    /// @notice Stakes `msg.value` native OPEN under `configId` for `recipient`.
    function stake(uint256 configId, address recipient) external payable returns (uint256 stakingId) {
        Config storage c = _activeConfig(configId);
        if (recipient == address(0)) revert ZeroAddress();
        if (msg.value == 0 || msg.value < c.minStake) revert BelowMinStake(c.minStake, msg.value);
        stakingId = ++stakeCount;
        _stakes[stakingId] =
            Stake(recipient, uint32(configId), uint64(block.timestamp), c.ratePerSecond, 0, Status.Active, msg.value);
        totalStaked += msg.value;
        emit Staked(stakingId, recipient, msg.value);
        _emitStake(stakingId);
    }

    /// @notice Adds `msg.value` to an active stake: compounds it to now, adds, and adopts the
    /// config's current rate. Only the stake's recipient.
    function topUp(uint256 stakingId) external payable {
        Stake storage s = _ownedStake(stakingId);
        if (s.status != Status.Active) revert NotActive(stakingId);
        if (msg.value == 0) revert ZeroAmount();
        Config storage c = _activeConfig(s.configId);
        _accrue(stakingId, s);
        s.value += msg.value;
        totalStaked += msg.value;
        s.ratePerSecond = c.ratePerSecond;
        emit ToppedUp(stakingId, s.recipient, msg.value);
        _emitStake(stakingId);
    }

    /// @notice Freezes the stake's value and starts the config's cooldown.
    function requestUnstake(uint256 stakingId) external {
        Stake storage s = _ownedStake(stakingId);
        if (s.status != Status.Active) revert NotActive(stakingId);
        _accrue(stakingId, s);
        s.unlockAt = uint64(block.timestamp) + _configs[s.configId].cooldown;
        s.status = Status.CoolingDown;
        emit RequestUnstake(stakingId, s.recipient);
        _emitStake(stakingId);
    }

    /// @notice Pays the frozen value to the recipient once the cooldown has passed.
    function unstake(uint256 stakingId) external nonReentrant {
        Stake storage s = _ownedStake(stakingId);
        if (s.status != Status.CoolingDown) revert NotCoolingDown(stakingId);
        if (block.timestamp < s.unlockAt) revert CooldownActive(stakingId, s.unlockAt);
        uint256 amount = s.value;
        totalStaked -= amount;
        s.status = Status.Unstaked;
        emit Unstaked(stakingId, s.recipient);
        _emitStake(stakingId); // value in the event is the amount paid
        _send(s.recipient, amount);
    }

    // ---- views ----

    function getConfig(uint256 configId) external view returns (Config memory) {
        return _config(configId);
    }

    function getStake(uint256 stakingId) external view returns (Stake memory) {
        return _stake(stakingId);
    }

    /// @notice The stake's value now, as an unstake request would freeze it: compounded while
    /// active (interest capped by the reward reserve), frozen while cooling down, zero once unstaked.
    function currentValue(uint256 stakingId) public view returns (uint256) {
        Stake storage s = _stake(stakingId);
        if (s.status == Status.Unstaked) return 0;
        if (s.status == Status.CoolingDown) return s.value;
        uint256 accrued = _compounded(s) - s.value;
        return s.value + (accrued < rewardReserve ? accrued : rewardReserve);
    }

    /// @notice Whether `unstake` would succeed now, and the amount it would pay.
    function claimable(uint256 stakingId) external view returns (bool ready, uint256 amount) {
        Stake storage s = _stake(stakingId);
        if (s.status != Status.CoolingDown) return (false, 0);
        return (block.timestamp >= s.unlockAt, s.value);
    }

    /// @notice e^(x / 1e18) * 1e18 by the Taylor series: term_0 = 1e18,
    /// term_i = term_(i-1) * x / (i * 1e18) (floored), summed until a term is 0. x is capped at
    /// MAX_EXPONENT. Integer-exact, so off-chain code can reproduce every value to the wei.
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

    function _config(uint256 configId) internal view returns (Config storage) {
        if (configId == 0 || configId > configCount) revert UnknownConfig(configId);
        return _configs[configId];
    }

    function _activeConfig(uint256 configId) internal view returns (Config storage c) {
        c = _config(configId);
        if (!c.active) revert ConfigInactive(configId);
    }

    function _stake(uint256 stakingId) internal view returns (Stake storage) {
        if (stakingId == 0 || stakingId > stakeCount) revert UnknownStake(stakingId);
        return _stakes[stakingId];
    }

    function _ownedStake(uint256 stakingId) internal view returns (Stake storage s) {
        s = _stake(stakingId);
        if (s.recipient != msg.sender) revert NotStakeOwner(stakingId);
    }

    function _compounded(Stake storage s) internal view returns (uint256) {
        return s.value * expWad(uint256(s.ratePerSecond) * (block.timestamp - s.lastUpdate)) / WAD;
    }

    /// @dev Compounds an active stake to now, paying its interest from the reserve as far as it goes.
    function _accrue(uint256 stakingId, Stake storage s) internal {
        uint256 accrued = _compounded(s) - s.value;
        s.lastUpdate = uint64(block.timestamp);
        if (accrued == 0) return;
        uint256 reserve = rewardReserve;
        uint256 paid = accrued < reserve ? accrued : reserve;
        rewardReserve = reserve - paid;
        s.value += paid;
        totalStaked += paid;
        emit RewardsAccrued(stakingId, paid, accrued - paid, reserve - paid);
    }

    function _emitStake(uint256 stakingId) internal {
        Stake storage s = _stakes[stakingId];
        emit StakeUpdated(stakingId, s.configId, uint8(s.status), s.value, s.ratePerSecond, s.unlockAt);
    }
}
