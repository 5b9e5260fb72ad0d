/**
 * Lua scripts run atomically inside Redis (EVALSHA through ioredis `defineCommand`), so all
 * levels of a request cost one round trip and instances sharing Redis never race.
 * Times are integer microseconds from the Redis server clock (`TIME`): one clock for every
 * instance, and integers survive the Lua-to-Redis reply conversion exactly.
 */

/**
 * GCRA for a batch of requests, each over its own levels, same arithmetic as gcra.ts.
 * Requests are decided one after the other, in order, exactly as separate calls would be
 * (a script runs atomically; a later request sees what an earlier one consumed).
 *
 * KEYS: the level keys of every request, request after request. ARGV[1]: one
 * comma-separated list of integers: per request its level count n, then per level
 * interval_us, period_us, shadow (0|1). Reply: one comma-separated list: now_us, then per
 * request admitted (0|1, or `e` when Redis refused a command on one of its keys, e.g.
 * WRONGTYPE) and per level tat_us, ok (0|1). A request consumes nothing unless every
 * enforced level of it admits. Commands run through `pcall`, so one request's bad key
 * fails that request only, not the batch (a SET that fails after an earlier SET of the same
 * request has succeeded leaves that one: Redis scripts do not roll back).
 *
 * Both directions are one string rather than one value per number: the Redis client's
 * cost is per argument and per reply element (command building, encoding, the RESP
 * decoder), and a batch of 26 requests would otherwise carry ~180 numbers each way.
 */
export const GCRA_BATCH_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local v = {}
for x in string.gmatch(ARGV[1], '[^,]+') do v[#v + 1] = tonumber(x) end
local out = { string.format('%.0f', now) }
local k = 0
local a = 1
while a <= #v do
  local n = v[a]
  a = a + 1
  local tats, nexts, oks = {}, {}, {}
  local admitted = 1
  local failed = false
  for i = 1, n do
    local interval = v[a]
    local period = v[a + 1]
    local shadow = v[a + 2]
    a = a + 3
    local got = redis.pcall('GET', KEYS[k + i])
    local stored = nil
    if type(got) == 'table' and got.err then failed = true else stored = tonumber(got) end
    local tat = stored
    if tat == nil then tat = now end
    local base = tat
    if base < now then base = now end
    local nxt = base + interval
    tats[i] = tat
    nexts[i] = nxt
    if nxt - now <= period then oks[i] = 1 else oks[i] = 0 end
    if oks[i] == 0 and shadow ~= 1 then admitted = 0 end
  end
  if not failed and admitted == 1 then
    for i = 1, n do
      if oks[i] == 1 then
        local set = redis.pcall('SET', KEYS[k + i], string.format('%.0f', nexts[i]), 'PX', math.ceil((nexts[i] - now) / 1000) + 1)
        if type(set) == 'table' and set.err then failed = true end
        tats[i] = nexts[i]
      end
    end
  end
  if failed then
    out[#out + 1] = 'e'
    for i = 1, n do
      out[#out + 1] = 0
      out[#out + 1] = 0
    end
  else
    out[#out + 1] = admitted
    for i = 1, n do
      out[#out + 1] = string.format('%.0f', tats[i])
      out[#out + 1] = oks[i]
    end
  end
  k = k + n
end
return table.concat(out, ',')
`;
