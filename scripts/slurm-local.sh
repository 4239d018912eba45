#!/bin/sh
# slurm-local.sh start DIR | stop DIR: a single-node Slurm cluster on this machine, everything
# (munge key and socket, slurm.conf, state, spool, logs, PIDs) under DIR, for tests of the
# Slurm runners (issue 14). Needs root and the Debian packages slurm-wlm and munge:
#   apt-get install -y slurm-wlm munge
# start prints the environment line to use the cluster (export SLURM_CONF=DIR/slurm.conf) and
# waits until the node is idle; stop kills exactly the daemons start started (by their PIDs).
set -eu
cmd=${1:-}
D=${2:-}
[ -n "$cmd" ] && [ -n "$D" ] || { echo "usage: slurm-local.sh start|stop DIR" >&2; exit 2; }

stop() {
  for p in slurmd slurmctld munged; do
    f="$D/$p.pid"
    [ -f "$f" ] || continue
    pid=$(cat "$f")
    kill "$pid" 2>/dev/null || true
    i=0
    while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$f"
  done
}

case "$cmd" in
  stop) stop; exit 0 ;;
  start) ;;
  *) echo "slurm-local.sh: unknown command '$cmd' (start or stop)" >&2; exit 2 ;;
esac

for b in munged slurmctld slurmd sinfo; do
  command -v "$b" >/dev/null || PATH=$PATH:/usr/sbin
  command -v "$b" >/dev/null || {
    echo "slurm-local.sh: $b missing; run: apt-get install -y slurm-wlm munge" >&2; exit 2; }
done
[ "$(id -u)" = 0 ] || { echo "slurm-local.sh: needs root (the daemons run as root here)" >&2; exit 2; }
mkdir -p "$D/state" "$D/spool" "$D/munge"
# If anything below fails, stop what was started.
trap 'stop' EXIT

# munge: a fresh key (mode 400, owned by munge), its own socket
dd if=/dev/urandom of="$D/munge/munge.key" bs=1024 count=1 2>/dev/null
chown -R munge:munge "$D/munge"
chmod 700 "$D/munge"
chmod 400 "$D/munge/munge.key"
munged --force --key-file="$D/munge/munge.key" --socket="$D/munge/munge.sock" \
  --pid-file="$D/munged.pid" --log-file="$D/munged.log" --seed-file="$D/munge/seed"

host=$(hostname -s)
mem=$(awk '/MemTotal/ {print int($2 / 1024 * 0.9)}' /proc/meminfo)
cat >"$D/slurm.conf" <<EOF
ClusterName=qarray
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$D/munge/munge.sock
StateSaveLocation=$D/state
SlurmdSpoolDir=$D/spool
SlurmctldPidFile=$D/slurmctld.pid
SlurmdPidFile=$D/slurmd.pid
SlurmctldLogFile=$D/slurmctld.log
SlurmdLogFile=$D/slurmd.log
SlurmctldPort=${SLURMCTLD_PORT:-6817}
SlurmdPort=${SLURMD_PORT:-6818}
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
JobAcctGatherType=jobacct_gather/none
MpiDefault=none
ReturnToService=2
NodeName=$host CPUs=$(nproc) RealMemory=$mem State=UNKNOWN
PartitionName=local Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$D/slurm.conf"
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
# the node idle within 30 s, or the logs say why
i=0
until sinfo -h -o %t 2>/dev/null | grep -q '^idle'; do
  i=$((i + 1))
  if [ $i -gt 60 ]; then
    echo "slurm-local.sh: the node did not come up in 30 s; the end of $D/slurmctld.log:" >&2
    tail -5 "$D/slurmctld.log" >&2
    exit 1
  fi
  sleep 0.5
done
trap - EXIT
echo "export SLURM_CONF=$SLURM_CONF"
