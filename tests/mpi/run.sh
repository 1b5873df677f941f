#!/bin/sh
# make MPI=1 test-mpi: the MPI build's runs against the default build's.
#
# usage: run.sh SERIAL_CCSIM MPI_CCSIM
#
# Each case runs one scenario once in a single process (the default build) and
# under mpirun with 1, 2 and 3 ranks (more ranks than the two cores here, hence
# --oversubscribe), and compares the JSON (less wall_s, calls_per_s and threads)
# and every dataset and attribute of the results files (less /run's threads and
# wall_s) byte for byte (same_results.py). Then the error paths: bad input under
# mpirun is one line on stderr and exit status 1; a command that is not shared
# out runs once. Also plan --method simulation (the optimiser in step on every rank)
# and sweep.
set -eu
serial=$1
mpi=$2
python=${PYTHON:-python3}
here=$(dirname "$0")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=""
[ "$(id -u)" = 0 ] && root=--allow-run-as-root
mpirun_np() { np=$1; shift; mpirun $root --oversubscribe -np "$np" "$@"; }
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

# same RANKS ARGS...: the single process's run and the run over RANKS ranks agree.
same() {
    np=$1; shift
    "$serial" simulate "$@" --json --out "$work/one.h5" > "$work/one.json"
    mpirun_np "$np" "$mpi" simulate "$@" --json --out "$work/mpi.h5" > "$work/mpi.json" 2> "$work/err" ||
        { fail "mpirun -np $np simulate $*: exit $?"; cat "$work/err" >&2; return; }
    if "$python" "$here/same_results.py" "$work/one.json" "$work/mpi.json" "$work/one.h5" "$work/mpi.h5"; then
        echo "ok: -np $np simulate $*"
    else
        fail "-np $np simulate $* differs from one process"
    fi
    rm -f "$work/one.h5" "$work/mpi.h5"
}

small=$here/small.cfg
same 1 "$small"
same 2 "$small"
same 3 "$small" --threads 1
same 2 "$small" --replications 100 --seed 5 --threads 2
# 2 blocks over 3 ranks: rank 0 runs none, ranks 1 and 2 one each.
same 3 "$small" --replications 10 --threads 1

# A sweep's cases are each shared out over the ranks: the same rows.
"$serial" sweep "$small" scenarios/ref-erlang-a.cfg --handling 0.9,1.1 --target 80,90 --replications 20 \
    --json > "$work/one.json"
mpirun_np 3 "$mpi" sweep "$small" scenarios/ref-erlang-a.cfg --handling 0.9,1.1 --target 80,90 \
    --replications 20 --threads 1 --json > "$work/mpi.json" 2> "$work/err"
if "$python" "$here/same_results.py" "$work/one.json" "$work/mpi.json"; then
    echo "ok: -np 3 sweep"
else
    fail "-np 3 sweep differs from one process"
fi

# Staffing by simulation: every rank runs the optimiser in step on the same
# figures, so the plan (JSON and file) is the single process's.
"$serial" plan scenarios/ref-day.cfg --method simulation --replications 24 --json --out "$work/one.h5" \
    > "$work/one.json"
mpirun_np 3 "$mpi" plan scenarios/ref-day.cfg --method simulation --replications 24 --threads 1 --json \
    --out "$work/mpi.h5" > "$work/mpi.json" 2> "$work/err"
if "$python" "$here/same_results.py" "$work/one.json" "$work/mpi.json" "$work/one.h5" "$work/mpi.h5"; then
    echo "ok: -np 3 plan --method simulation"
else
    fail "-np 3 plan --method simulation differs from one process"
fi
rm -f "$work/one.h5" "$work/mpi.h5"

# Past 2^33 s^2 per interval (where sums of doubles stopped being exact and a
# merge of rank sums used to differ from one process in the last bits of the
# per-interval half-widths): the fixed-point sums of stats.h are exact, so the
# whole results are the same bits, and no note is printed. ref-erlang-c's 600
# calls of 240 s square to ~2e10 s^2 per replication in every open interval; 40
# replications are 5 blocks, shared 1, 2, 2 over three ranks.
same 3 scenarios/ref-erlang-c.cfg --replications 40 --threads 1
big=scenarios/examples/two-site-failover.cfg
same 2 "$big" --replications 12
if grep -q "note:" "$work/err"; then
    fail "-np 2 simulate $big: a note about the exact range"; cat "$work/err" >&2
fi

# Bad input: every rank finds it, rank 0 alone says so, once; exit status 1.
for cmd in simulate sweep plan; do
    status=0
    mpirun_np 2 "$mpi" $cmd "$work/missing.cfg" --json > "$work/out" 2> "$work/err" || status=$?
    lines=$(grep -c "^ccsim $cmd:" "$work/err" || true)
    if [ "$status" = 1 ] && [ "$lines" = 1 ] && [ ! -s "$work/out" ]; then
        echo "ok: $cmd: bad input under mpirun: exit 1, one line"
    else
        fail "$cmd: bad input under mpirun: exit $status, $lines lines"; cat "$work/err" >&2
    fi
done
status=0
mpirun_np 3 "$mpi" simulate "$small" --replications 0 > "$work/out" 2> "$work/err" || status=$?
lines=$(grep -c "^ccsim simulate:" "$work/err" || true)
[ "$status" = 1 ] && [ "$lines" = 1 ] && echo "ok: --replications 0 under mpirun" ||
    fail "--replications 0 under mpirun: exit $status, $lines lines"

# A command that is not shared out runs on rank 0 alone (its simulations too): one
# JSON object, the single process's.
for cmd in "erlang --calls 100 --aht 180 --agents 12" \
           "compare scenarios/ref-erlang-c.cfg scenarios/ref-erlang-a.cfg --replications 8"; do
    $serial $cmd --json > "$work/one.json"
    mpirun_np 2 "$mpi" $cmd --json > "$work/out"
    objects=$("$python" -c 'import json,sys; print(len([json.loads(l) for l in open(sys.argv[1]) if l.strip()]))' \
              "$work/out")
    if [ "$objects" = 1 ] && "$python" "$here/same_results.py" "$work/one.json" "$work/out"; then
        echo "ok: ${cmd%% *} under mpirun runs once, on rank 0"
    else
        fail "${cmd%% *} under mpirun printed $objects objects"
    fi
done

[ "$fails" = 0 ] || { echo "$fails MPI check(s) failed" >&2; exit 1; }
echo "all MPI checks passed"
