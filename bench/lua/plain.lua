-- GET / with no cookie: the ceiling's fixed page.
function request()
  return wrk.format("GET", "/")
end
