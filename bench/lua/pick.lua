-- GET a random path from the file named by BENCH_PATHS, with the session
-- cookie BENCH_COOKIE.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")

function init(args)
  paths = start_thread()
  cookie = os.getenv("BENCH_COOKIE")
end

function request()
  return wrk.format("GET", paths[math.random(#paths)], { ["Cookie"] = cookie })
end
