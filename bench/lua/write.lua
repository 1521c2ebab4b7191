-- POST a pathway step or an outcome on a random file among BENCH_PATHS
-- (one id per line), signed in (BENCH_COOKIE) with the session's CSRF token
-- (BENCH_CSRF) and a same-site Origin (BENCH_ORIGIN), as the file's forms do.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")

function init(args)
  ids = start_thread()
  headers = {
    ["Cookie"] = os.getenv("BENCH_COOKIE"),
    ["Origin"] = os.getenv("BENCH_ORIGIN"),
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }
  local token = "csrf_token=" .. os.getenv("BENCH_CSRF")
  local today = os.date("!%Y-%m-%d")
  step = token .. "&service_id=&label=Rendez-vous+de+suivi&partner_id=&planned_on=" .. today
    .. "&started_on=&ended_on=&status=planned&result="
  outcome = token .. "&checkpoint=entry&outcome=recherche&recorded_on=" .. today
end

function request()
  local id = ids[math.random(#ids)]
  if math.random() < 0.5 then
    return wrk.format("POST", "/personnes/" .. id .. "/etapes", headers, step)
  end
  return wrk.format("POST", "/personnes/" .. id .. "/situations", headers, outcome)
end
