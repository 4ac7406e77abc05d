#!/usr/bin/env bash
# local-cluster.sh start|stop|status|env|restart
#
# A real one-node SLURM cluster on localhost (munged, MariaDB, slurmdbd,
# slurmctld, slurmd) for tests and demos, without systemd.  Every piece of
# state (configs, munge key, sockets, spool, logs, pid files, the MariaDB
# datadir) lives under one directory:
#     JN_SLURM_DIR   (default /tmp/jointner-slurm)
# so nothing in /etc is read or written and several checkouts do not
# collide (each directory gets its own TCP ports, chosen once and kept in
# $JN_SLURM_DIR/etc/ports.env).
#
#   start    install the Debian packages if missing, start what is not up,
#            wait (bounded) until the node is idle and sacct answers
#   stop     cancel all jobs, then stop the daemons by their pid files only;
#            safe to call twice
#   status   print which daemons are up (exit 0 all up, 3 otherwise)
#   env      print the export lines a caller must eval:
#                eval "$(slurm/local-cluster.sh env)"
#
# Other knobs: JN_SLURM_START_TIMEOUT (s, default 120),
#              JN_SLURM_PORT_BASE (first of 4 consecutive TCP ports).
set -euo pipefail

D=${JN_SLURM_DIR:-/tmp/jointner-slurm}
case $D in /*) ;; *) D=$(pwd)/$D ;; esac
D=${D%/}
ETC=$D/etc RUN=$D/run LOG=$D/log SPOOL=$D/spool DB=$D/mysql
CONF=$ETC/slurm.conf
DBDCONF=$ETC/slurmdbd.conf
MUNGE_SOCK=$RUN/munge/munge.socket.2
MYSQL_SOCK=$DB/mysqld.sock
CLUSTER=jointner
START_TIMEOUT=${JN_SLURM_START_TIMEOUT:-120}
export SLURM_CONF=$CONF
export DEBIAN_FRONTEND=noninteractive

say() { printf 'local-cluster: %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

# Unix socket paths are limited to 107 bytes; the slurmstepd sockets in the
# slurmd spool are the longest ones.
[ ${#D} -le 60 ] || die "JN_SLURM_DIR '$D' is too long (${#D} > 60 chars; unix socket paths would overflow)"

# ------------------------------------------------------------------ packages
# libpmix2: mpi/pmix dlopens libpmix.so.2, which no slurm package depends on
PKGS="slurm-wlm slurm-client slurmctld slurmd slurmdbd slurm-wlm-mysql-plugin munge mariadb-server mariadb-client libpmix2"

have_all() {
    local b
    for b in slurmctld slurmd slurmdbd slurmstepd munged mariadbd mariadb-install-db mariadb mariadb-admin \
             sbatch squeue sacct sacctmgr scontrol srun sinfo scancel; do
        command -v "$b" >/dev/null 2>&1 || PATH=$PATH:/usr/sbin:/sbin command -v "$b" >/dev/null 2>&1 || return 1
    done
    local pd
    pd=$(dirname "$(find /usr/lib -maxdepth 3 -name accounting_storage_mysql.so 2>/dev/null | head -n1)" 2>/dev/null) || return 1
    [ -n "$pd" ] && [ -e "$pd/mpi_pmix.so" ] || return 1
    ldconfig -p 2>/dev/null | grep 'libpmix\.so\.2 ' >/dev/null || return 1
}

install_pkgs() {
    export PATH=$PATH:/usr/sbin:/sbin
    have_all && return 0
    [ "$(id -u)" = 0 ] || die "packages missing ($PKGS) and not root: cannot apt-get install"
    say "installing $PKGS"
    local apt="apt-get -q -y -o Dpkg::Use-Pty=0 -o DPkg::Lock::Timeout=600"
    if ! $apt install --no-install-recommends $PKGS >"${TMPDIR:-/tmp}/jn-slurm-apt.$$.log" 2>&1; then
        apt-get -q -o DPkg::Lock::Timeout=600 update >>"${TMPDIR:-/tmp}/jn-slurm-apt.$$.log" 2>&1 || true
        $apt install --no-install-recommends $PKGS >>"${TMPDIR:-/tmp}/jn-slurm-apt.$$.log" 2>&1 || {
            tail -n 20 "${TMPDIR:-/tmp}/jn-slurm-apt.$$.log" >&2
            die "apt-get install $PKGS failed"; }
    fi
    rm -f "${TMPDIR:-/tmp}/jn-slurm-apt.$$.log"
    have_all || die "packages installed but some binaries/plugins are still missing"
}

# ---------------------------------------------------------------- pid files
# name -> pid file, and the executable names that may own it
pidfile_of() {
    case $1 in
        munged) echo "$RUN/munged.pid" ;;
        mariadbd) echo "$DB/mysqld.pid" ;;
        slurmdbd) echo "$RUN/slurmdbd.pid" ;;
        slurmctld) echo "$RUN/slurmctld.pid" ;;
        slurmd) echo "$RUN/slurmd.pid" ;;
    esac
}
DAEMONS="munged mariadbd slurmdbd slurmctld slurmd"

# Print the pid recorded for daemon $1 if that process is alive, runs the
# expected binary and belongs to this directory (its command line or its
# environment names $D).  Never guesses by process name.
live_pid() {
    local name=$1 pf pid exe
    pf=$(pidfile_of "$name")
    [ -s "$pf" ] || return 1
    pid=$(tr -dc '0-9' <"$pf" | head -c 10)
    [ -n "$pid" ] && [ -d "/proc/$pid" ] || return 1
    exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || return 1
    exe=${exe% (deleted)}; exe=${exe##*/}
    case $exe in "$name" | "$name-wlm") ;; mysqld) [ "$name" = mariadbd ] || return 1 ;; *) return 1 ;; esac
    if ! tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -F "$D/" >/dev/null &&
       ! tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -xF "SLURM_CONF=$CONF" >/dev/null; then
        return 1
    fi
    echo "$pid"
}

tail_log() { # file...
    local f
    for f in "$@"; do
        [ -f "$f" ] || continue
        echo "----- last lines of $f -----" >&2
        tail -n 25 "$f" >&2
    done
}

# wait_for SECONDS DESCRIPTION COMMAND...: poll until COMMAND succeeds
wait_for() {
    local secs=$1 what=$2; shift 2
    local end=$((SECONDS + secs))
    while :; do
        "$@" >/dev/null 2>&1 && return 0
        [ $SECONDS -lt $end ] || { say "timed out after ${secs}s waiting for $what"; return 1; }
        sleep 0.2
    done
}

# -------------------------------------------------------------------- ports
port_busy() { # is TCP port $1 listening (IPv4 or IPv6)?
    local hex
    hex=$(printf '%04X' "$1")
    awk -v h="$hex" 'NR>1 { split($2, a, ":"); if (a[2] == h && $4 == "0A") f=1 } END { exit !f }' \
        /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

choose_ports() {
    local base p ok tries=0
    if [ -s "$ETC/ports.env" ]; then
        # shellcheck disable=SC1091
        . "$ETC/ports.env"
        base=$PORT_BASE
    else
        base=${JN_SLURM_PORT_BASE:-$((20000 + ($(printf '%s' "$D" | cksum | cut -d' ' -f1) % 2000) * 5))}
    fi
    while :; do
        ok=1
        for p in $base $((base + 1)) $((base + 2)) $((base + 3)); do
            port_busy "$p" && { ok=0; break; }
        done
        [ $ok = 1 ] && break
        tries=$((tries + 1))
        [ $tries -lt 200 ] || die "no free block of 4 TCP ports found near $base"
        base=$((base + 5)); [ $base -lt 30000 ] || base=20000
    done
    PORT_BASE=$base
    echo "PORT_BASE=$base" >"$ETC/ports.env"
}

set_ports() {
    CTLD_PORT=$PORT_BASE SLURMD_PORT=$((PORT_BASE + 1)) DBD_PORT=$((PORT_BASE + 2)) MYSQL_PORT=$((PORT_BASE + 3))
}

# ------------------------------------------------------------------ configs
write_if_changed() { # file mode; content on stdin
    local f=$1 mode=$2 tmp
    tmp=$(mktemp "$f.XXXXXX")
    cat >"$tmp"
    chmod "$mode" "$tmp"
    if [ -f "$f" ] && cmp -s "$tmp" "$f"; then rm -f "$tmp"; else mv -f "$tmp" "$f"; fi
}

node_resources() {
    local cpus mem c m
    cpus=$(nproc)
    mem=$(free -m | awk '/^Mem:/ { print $2 }')
    # never configure more than slurmd itself detects, or the node is drained
    if c=$(slurmd -C 2>/dev/null | tr ' ' '\n' | sed -n 's/^CPUs=//p') && [ -n "$c" ] && [ "$c" -lt "$cpus" ]; then cpus=$c; fi
    if m=$(slurmd -C 2>/dev/null | tr ' ' '\n' | sed -n 's/^RealMemory=//p') && [ -n "$m" ] && [ "$m" -lt "$mem" ]; then mem=$m; fi
    NODE_CPUS=$cpus NODE_MEM=$mem
}

make_dirs_and_secrets() {
    mkdir -p "$ETC" "$RUN/munge" "$LOG" "$SPOOL/ctld" "$SPOOL/d" "$DB"
    chmod 0755 "$D" "$ETC" "$RUN" "$RUN/munge" "$LOG" "$SPOOL" "$SPOOL/ctld" "$SPOOL/d"
    chmod 0700 "$DB"
    if [ ! -s "$ETC/munge.key" ]; then
        dd if=/dev/urandom of="$ETC/munge.key.tmp" bs=1024 count=1 status=none
        chmod 0400 "$ETC/munge.key.tmp"
        mv -f "$ETC/munge.key.tmp" "$ETC/munge.key"
    fi
    if [ ! -s "$ETC/dbpass" ]; then
        (umask 077; head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$ETC/dbpass")
    fi
    DBPASS=$(cat "$ETC/dbpass")
}

write_configs() {
    node_resources
    write_if_changed "$CONF" 0644 <<EOF
# Generated by slurm/local-cluster.sh; rewritten at every start.
ClusterName=$CLUSTER
SlurmctldHost=localhost
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$MUNGE_SOCK,cred_expire=10
StateSaveLocation=$SPOOL/ctld
SlurmdSpoolDir=$SPOOL/d
SlurmctldPidFile=$RUN/slurmctld.pid
SlurmdPidFile=$RUN/slurmd.pid
SlurmctldLogFile=$LOG/slurmctld.log
SlurmdLogFile=$LOG/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=pmix
SchedulerType=sched/backfill
SchedulerParameters=bf_interval=1,sched_interval=2
ReturnToService=2
JobRequeue=1
MailProg=/bin/true
PlugStackConfig=$ETC/plugstack.conf
# MaxArraySize is left at Slurm's default (1001: array indices 0..1000).
AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=localhost
AccountingStoragePort=$DBD_PORT
AccountingStoragePass=$MUNGE_SOCK
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=30
JobCompType=jobcomp/none
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$NODE_CPUS RealMemory=$NODE_MEM State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
    write_if_changed "$ETC/plugstack.conf" 0644 </dev/null
    write_if_changed "$DBDCONF" 0600 <<EOF
# Generated by slurm/local-cluster.sh; rewritten at every start.
AuthType=auth/munge
AuthInfo=socket=$MUNGE_SOCK
DbdHost=localhost
DbdPort=$DBD_PORT
SlurmUser=root
PidFile=$RUN/slurmdbd.pid
LogFile=$LOG/slurmdbd.log
DebugLevel=info
StorageType=accounting_storage/mysql
StorageHost=127.0.0.1
StoragePort=$MYSQL_PORT
StorageUser=slurm
StoragePass=$DBPASS
StorageLoc=slurm_acct_db
EOF
}

# ------------------------------------------------------------------ daemons
start_munged() {
    live_pid munged >/dev/null && return 0
    rm -f "$MUNGE_SOCK" "$MUNGE_SOCK.lock" "$RUN/munged.pid"
    munged --socket="$MUNGE_SOCK" --key-file="$ETC/munge.key" --pid-file="$RUN/munged.pid" \
        --log-file="$LOG/munged.log" --seed-file="$RUN/munged.seed" \
        9>&- </dev/null >>"$LOG/munged.log" 2>&1 || { tail_log "$LOG/munged.log"; die "munged failed to start"; }
    wait_for 20 "munged" munge_ok || { tail_log "$LOG/munged.log"; die "munged does not answer on $MUNGE_SOCK"; }
}
munge_ok() { live_pid munged && munge -S "$MUNGE_SOCK" -n </dev/null | unmunge -S "$MUNGE_SOCK"; }

mysql_root() { mariadb --no-defaults --protocol=socket -S "$MYSQL_SOCK" -u root; }
mysql_ok() { live_pid mariadbd && mariadb-admin --no-defaults --protocol=socket -S "$MYSQL_SOCK" -u root ping; }

start_mariadb() {
    if ! live_pid mariadbd >/dev/null; then
        if [ ! -d "$DB/data/mysql" ]; then
            rm -rf "$DB/data"
            mariadb-install-db --no-defaults --user=root --datadir="$DB/data" \
                --auth-root-authentication-method=socket --skip-test-db \
                >"$LOG/mariadb-install.log" 2>&1 || { tail_log "$LOG/mariadb-install.log"; die "mariadb-install-db failed"; }
        fi
        rm -f "$MYSQL_SOCK" "$DB/mysqld.pid"
        # mariadbd does not fork: detach it ourselves; it writes its pid file
        setsid mariadbd --no-defaults --user=root --datadir="$DB/data" --socket="$MYSQL_SOCK" \
            --pid-file="$DB/mysqld.pid" --port="$MYSQL_PORT" --bind-address=127.0.0.1 \
            --skip-name-resolve --skip-log-bin --log-error="$LOG/mariadb.log" \
            --innodb-buffer-pool-size=128M --innodb-log-file-size=64M --innodb-lock-wait-timeout=900 \
            9>&- </dev/null >>"$LOG/mariadb.log" 2>&1 &
        wait_for 60 "mariadbd" mysql_ok || { tail_log "$LOG/mariadb.log"; die "mariadbd did not come up"; }
    fi
    mysql_root <<EOF || die "could not create the slurm_acct_db database and user"
CREATE DATABASE IF NOT EXISTS slurm_acct_db;
CREATE USER IF NOT EXISTS 'slurm'@'localhost' IDENTIFIED BY '$DBPASS';
CREATE USER IF NOT EXISTS 'slurm'@'127.0.0.1' IDENTIFIED BY '$DBPASS';
ALTER USER 'slurm'@'localhost' IDENTIFIED BY '$DBPASS';
ALTER USER 'slurm'@'127.0.0.1' IDENTIFIED BY '$DBPASS';
GRANT ALL ON slurm_acct_db.* TO 'slurm'@'localhost';
GRANT ALL ON slurm_acct_db.* TO 'slurm'@'127.0.0.1';
FLUSH PRIVILEGES;
EOF
}

start_slurmdbd() {
    if ! live_pid slurmdbd >/dev/null; then
        rm -f "$RUN/slurmdbd.pid"
        # slurmdbd has no -f: it reads slurmdbd.conf beside $SLURM_CONF
        slurmdbd 9>&- </dev/null >>"$LOG/slurmdbd.log" 2>&1 || { tail_log "$LOG/slurmdbd.log"; die "slurmdbd failed to start"; }
    fi
    wait_for 60 "slurmdbd" dbd_ok || { tail_log "$LOG/slurmdbd.log" "$LOG/mariadb.log"; die "slurmdbd does not answer"; }
    if ! timeout 20 sacctmgr -n -P list cluster format=cluster 2>/dev/null | grep -x "$CLUSTER" >/dev/null; then
        timeout 30 sacctmgr -i add cluster "$CLUSTER" >>"$LOG/sacctmgr.log" 2>&1 ||
            { tail_log "$LOG/sacctmgr.log" "$LOG/slurmdbd.log"; die "sacctmgr add cluster $CLUSTER failed"; }
    fi
}
dbd_ok() { live_pid slurmdbd && timeout 10 sacctmgr -n -P list cluster format=cluster; }

start_slurmctld() {
    live_pid slurmctld >/dev/null && return 0
    rm -f "$RUN/slurmctld.pid"
    slurmctld -f "$CONF" 9>&- </dev/null >>"$LOG/slurmctld.log" 2>&1 || { tail_log "$LOG/slurmctld.log"; die "slurmctld failed to start"; }
    wait_for 30 "slurmctld" ctld_ok || { tail_log "$LOG/slurmctld.log"; die "slurmctld does not answer"; }
}
ctld_ok() { live_pid slurmctld && timeout 10 scontrol ping | grep 'is UP' >/dev/null; }

start_slurmd() {
    live_pid slurmd >/dev/null && return 0
    rm -f "$RUN/slurmd.pid"
    slurmd -f "$CONF" -N localhost 9>&- </dev/null >>"$LOG/slurmd.log" 2>&1 || { tail_log "$LOG/slurmd.log"; die "slurmd failed to start"; }
}
node_state() { timeout 10 sinfo -h -N -n localhost -o %T 2>/dev/null | head -n1; }
node_idle() { live_pid slurmd >/dev/null || return 1; case $(node_state) in idle | mixed | allocated) return 0 ;; esac; return 1; }
sacct_ok() { timeout 15 sacct -n -X -S now-1minutes -o JobID; }

all_down() { local n; for n in $DAEMONS; do live_pid "$n" >/dev/null && return 1; done; return 0; }

# One start/stop at a time per directory (fd 9 is closed in every daemon).
lock_dir() {
    exec 9>"$D/.lock"
    flock -w 600 9 || die "could not lock $D/.lock (another start/stop hangs?)"
}

cmd_start() {
    local t0=$SECONDS
    install_pkgs
    mkdir -p "$D"
    lock_dir
    make_dirs_and_secrets
    cd "$D"
    if all_down || [ ! -s "$ETC/ports.env" ]; then choose_ports; else . "$ETC/ports.env"; fi
    set_ports
    write_configs
    start_munged
    start_mariadb
    start_slurmdbd
    start_slurmctld
    start_slurmd
    local end=$((SECONDS + START_TIMEOUT))
    until node_idle; do
        if [ $SECONDS -ge $end ]; then
            say "node state: '$(node_state)'"; timeout 10 sinfo -R >&2 || true
            tail_log "$LOG/slurmd.log" "$LOG/slurmctld.log"
            die "node localhost not idle after ${START_TIMEOUT}s"
        fi
        case $(node_state) in
            drain* | down* | fail* | inval*)
                # e.g. a node left DOWN by a previous unclean stop
                timeout 10 scontrol update nodename=localhost state=resume >/dev/null 2>&1 || true ;;
        esac
        sleep 0.3
    done
    wait_for $((end > SECONDS ? end - SECONDS : 5)) "sacct" sacct_ok ||
        { tail_log "$LOG/slurmdbd.log" "$LOG/slurmctld.log"; die "sacct does not answer"; }
    say "cluster '$CLUSTER' up in $((SECONDS - t0))s (dir $D, slurmctld port $CTLD_PORT); use: eval \"\$($0 env)\""
}

stop_daemon() { # name timeout
    local name=$1 secs=$2 pid end
    if ! pid=$(live_pid "$name"); then
        rm -f "$(pidfile_of "$name")"
        return 0
    fi
    kill -TERM "$pid" 2>/dev/null || true
    end=$((SECONDS + secs))
    while [ -d "/proc/$pid" ] && [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" != "" ]; do
        if [ $SECONDS -ge $end ]; then
            say "$name (pid $pid) ignored SIGTERM for ${secs}s: SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
            sleep 0.5
            break
        fi
        sleep 0.1
    done
    rm -f "$(pidfile_of "$name")"
    say "stopped $name (pid $pid)"
}

cmd_stop() {
    export PATH=$PATH:/usr/sbin:/sbin
    [ -d "$D" ] || { say "nothing to stop: $D does not exist"; return 0; }
    lock_dir
    if live_pid slurmctld >/dev/null && command -v squeue >/dev/null; then
        local ids
        ids=$(timeout 15 squeue -h -o %A 2>/dev/null | sort -u | tr '\n' ' ') || true
        if [ -n "${ids// /}" ]; then
            say "cancelling jobs: $ids"
            # shellcheck disable=SC2086
            timeout 15 scancel $ids 2>/dev/null || true
            local end=$((SECONDS + 30))
            while [ -n "$(timeout 10 squeue -h -o %A 2>/dev/null)" ] && [ $SECONDS -lt $end ]; do sleep 0.3; done
        fi
    fi
    stop_daemon slurmd 30
    stop_daemon slurmctld 30
    stop_daemon slurmdbd 30
    stop_daemon mariadbd 60
    stop_daemon munged 20
    say "all daemons of $D are down"
}

cmd_status() {
    local n pid up=0 total=0
    for n in $DAEMONS; do
        total=$((total + 1))
        if pid=$(live_pid "$n"); then
            echo "$n: up (pid $pid)"; up=$((up + 1))
        else
            echo "$n: down"
        fi
    done
    if live_pid slurmctld >/dev/null; then
        echo "node localhost: $(node_state)"
        echo "jobs queued or running: $(timeout 10 squeue -h 2>/dev/null | wc -l)"
    fi
    echo "dir: $D"
    [ $up = $total ]
}

cmd_env() {
    printf 'export SLURM_CONF=%q\n' "$CONF"
    printf 'export JN_SLURM_DIR=%q\n' "$D"
}

case ${1:-} in
    start) cmd_start ;;
    stop) cmd_stop ;;
    restart) cmd_stop; cmd_start ;;
    status) cmd_status || exit 3 ;;
    env) cmd_env ;;
    *) echo "usage: $0 start|stop|status|env|restart   (state in \${JN_SLURM_DIR:-/tmp/jointner-slurm})" >&2; exit 2 ;;
esac
