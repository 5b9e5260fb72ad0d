/**
 * Lua scripts of the brute-force guard (same rules as MemoryBruteForceStore). Times are
 * integer microseconds of the Redis server clock. KEYS, always in this order:
 * pair, ip, account, known, markPair, markIp, markAccount. ARGV, always: window, pairMax,
 * ipInterval, ipPeriod, accountInterval, accountPeriod, knownGood, markerTtl.
 */
const PRELUDE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local window = tonumber(ARGV[1])
local pmax = tonumber(ARGV[2])
local ipi, ipp = tonumber(ARGV[3]), tonumber(ARGV[4])
local aci, acp = tonumber(ARGV[5]), tonumber(ARGV[6])
local function live()
  local out = {}
  for _, v in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do
    local x = tonumber(v)
    if x > now - window then out[#out + 1] = x end
  end
  return out
end
local function tat(key)
  local v = tonumber(redis.call('GET', key))
  if v == nil or v < now then return now end
  return v
end
local function ms(us) return math.ceil(us / 1000) + 1 end
`;

/**
 * Reply: admitted (0|1), retry_us, pairFailures, ipUsed_us, released flags (pair, ip,
 * account). A lockout counts as released once its tier has fully recovered.
 */
export const GUARD_RESERVE_SCRIPT = `${PRELUDE}
local log = live()
local retry = 0
if #log >= pmax then retry = log[#log - pmax + 1] + window - now end
local itat = tat(KEYS[2])
local atat = tat(KEYS[3])
local known = redis.call('EXISTS', KEYS[4]) == 1
if itat + ipi - ipp - now > retry then retry = itat + ipi - ipp - now end
if not known and atat + aci - acp - now > retry then retry = atat + aci - acp - now end
if retry > 0 then return { 0, retry, #log, itat - now, 0, 0, 0 } end
redis.call('RPUSH', KEYS[1], string.format('%.0f', now))
redis.call('LTRIM', KEYS[1], -pmax, -1)
redis.call('PEXPIRE', KEYS[1], ms(window))
redis.call('SET', KEYS[2], string.format('%.0f', itat + ipi), 'PX', ms(itat + ipi - now))
redis.call('SET', KEYS[3], string.format('%.0f', atat + aci), 'PX', ms(atat + aci - now))
local rp, ri, ra = 0, 0, 0
if #log == 0 then rp = redis.call('DEL', KEYS[5]) end
if itat <= now then ri = redis.call('DEL', KEYS[6]) end
if not known and atat <= now then ra = redis.call('DEL', KEYS[7]) end
return { 1, 0, #log, itat - now, rp, ri, ra }
`;

/** Reply: seconds of a lockout started per scope (pair, ip, account), 0 when none. */
export const GUARD_LOCKOUTS_SCRIPT = `${PRELUDE}
local marker = tonumber(ARGV[8])
local out = { 0, 0, 0 }
local function mark(i, key, wait)
  if wait > 0 and redis.call('SET', key, '1', 'PX', ms(marker), 'NX') then
    out[i] = math.ceil(wait / 1000000)
  end
end
local log = live()
if #log >= pmax then mark(1, KEYS[5], log[#log - pmax + 1] + window - now) end
if redis.call('EXISTS', KEYS[2]) == 1 then mark(2, KEYS[6], tat(KEYS[2]) + ipi - ipp - now) end
if redis.call('EXISTS', KEYS[3]) == 1 then mark(3, KEYS[7], tat(KEYS[3]) + aci - acp - now) end
return out
`;

/** Reply: 1 when a pair lockout was released by this success. */
export const GUARD_RESET_SCRIPT = `${PRELUDE}
redis.call('DEL', KEYS[1])
local function refund(key, interval)
  local v = tonumber(redis.call('GET', key))
  if v ~= nil then redis.call('SET', key, string.format('%.0f', v - interval), 'KEEPTTL') end
end
refund(KEYS[2], ipi)
refund(KEYS[3], aci)
redis.call('SET', KEYS[4], '1', 'PX', ms(tonumber(ARGV[7])))
return redis.call('DEL', KEYS[5])
`;
