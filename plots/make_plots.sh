#!/bin/sh
# make_plots.sh OUTDIR — runs the seeded scenarios (ccsim simulate/plan --out, into
# OUTDIR/data) and draws every plot of this folder into OUTDIR, plus one HTML report
# per run. Called by `make plots`; CCSIM is the ccsim binary, REPS the replications.
set -eu
out=${1:?usage: make_plots.sh OUTDIR}
ccsim=${CCSIM:-build/ccsim}
reps=${REPS:-200}
here=$(dirname "$0")
python=${PYTHON:-python3}
data=$out/data
mkdir -p "$data"

"$ccsim" plan scenarios/barnet/bid-83fte.cfg --out "$data/plan-bid-83fte.h5" >/dev/null
"$ccsim" plan scenarios/barnet/baseline.cfg --out "$data/plan-baseline.h5" >/dev/null
"$ccsim" simulate scenarios/ref-day.cfg --replications 1000 --out "$data/sim-ref-day.h5" >/dev/null
"$ccsim" simulate scenarios/examples/two-site-failover.cfg --replications "$reps" \
    --out "$data/sim-two-site-failover.h5" >/dev/null
# The stationary Erlang A scenario at 80-96 agents (its file says 88): the simulated
# points of the service level against agents.
for n in 80 84 88 92 96; do
  sed "s/agents = 88;/agents = $n;/" scenarios/ref-erlang-a.cfg > "$data/ref-erlang-a-$n.cfg"
  grep -q "agents = $n;" "$data/ref-erlang-a-$n.cfg"
  "$ccsim" simulate "$data/ref-erlang-a-$n.cfg" --replications "$reps" \
      --out "$data/sim-ref-erlang-a-$n.h5" >/dev/null
done

"$python" "$here/staffing.py" "$data/plan-bid-83fte.h5" --out "$out/staffing-bid-83fte"
"$python" "$here/fte_cost.py" "$data/plan-baseline.h5" --out "$out/fte-cost-baseline"
"$python" "$here/service_level.py" "$data/sim-ref-day.h5" --out "$out/service-level-ref-day"
"$python" "$here/risk.py" "$data/sim-ref-day.h5" --out "$out/risk-ref-day"
"$python" "$here/failover.py" "$data/sim-two-site-failover.h5" --out "$out/failover-two-site"
CCSIM=$ccsim "$python" "$here/sl_vs_agents.py" "$data"/sim-ref-erlang-a-*.h5 --at 12:00 \
    --aht 240 --patience 300 --out "$out/sl-vs-agents-ref-erlang-a"
for r in plan-bid-83fte sim-ref-day sim-two-site-failover; do
  "$python" "$here/report.py" "$data/$r.h5" --out "$out/report-$r.html"
done
