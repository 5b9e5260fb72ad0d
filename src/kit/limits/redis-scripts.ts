/**
 * Lua scripts run atomically inside Redis (EVALSHA through ioredis `defineCommand`), so all
 * levels of a request cost one round trip and instances sharing Redis never race.
 * Times are integer microseconds from the Redis server clock (`TIME`): one clock for every
 * instance, and integers survive the Lua-to-Redis reply conversion exactly.
 */

/**
 * GCRA over N levels, same arithmetic as gcra.ts. KEYS: level keys. ARGV: per level
 * interval_us, period_us, shadow (0|1). Reply: now_us, admitted (0|1), then per level
 * tat_us, ok (0|1). Nothing is consumed unless every enforced level admits.
 */
export const GCRA_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local n = #KEYS
local tats, nexts, oks = {}, {}, {}
local admitted = 1
for i = 1, n do
  local interval = tonumber(ARGV[(i - 1) * 3 + 1])
  local period = tonumber(ARGV[(i - 1) * 3 + 2])
  local shadow = ARGV[(i - 1) * 3 + 3]
  local stored = tonumber(redis.call('GET', KEYS[i]))
  local tat = stored
  if tat == nil then tat = now end
  local base = tat
  if base < now then base = now end
  local nxt = base + interval
  tats[i] = tat
  nexts[i] = nxt
  if nxt - now <= period then oks[i] = 1 else oks[i] = 0 end
  if oks[i] == 0 and shadow ~= '1' then admitted = 0 end
end
local out = { now, admitted }
for i = 1, n do
  if admitted == 1 and oks[i] == 1 then
    redis.call('SET', KEYS[i], string.format('%.0f', nexts[i]), 'PX', math.ceil((nexts[i] - now) / 1000) + 1)
    tats[i] = nexts[i]
  end
  out[#out + 1] = tats[i]
  out[#out + 1] = oks[i]
end
return out
`;
