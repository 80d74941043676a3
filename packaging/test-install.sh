#!/usr/bin/env bash
# Tested install of ironloop_*_all.deb in an arm64 Debian root (the board-vm guest's root file system,
# under qemu-user through binfmt_misc, copy-on-write through overlayfs so the cached root is never
# changed): dpkg -i, files, conffiles, user and groups, the installed launcher running the installed
# jar as the ironloop user, validate refusing a corrupt or missing /etc/ironloop file with
# file:line:column, an upgrade keeping an edited conffile, systemd-analyze verify on the unit, purge.
# The guest runs guest-init as PID 1, not systemd, so the unit is verified but not started here; the
# watchdog and READY notifications are tested against the real jar by hil-tests (ServiceNotifyTest).
# Writes JUnit XML to packaging/target/surefire-reports/TEST-install.xml (test.sh counts it).
# Needs root (chroot, mount). Without the board-vm tool it skips, unless IRONLOOP_REQUIRE_SHARED=1.
# Usage: packaging/test-install.sh [DEB]
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
tool=$(realpath -m "${IRONLOOP_SHARED_DIR:-../shared}/tools/board-vm")
vmdir="${BOARD_VM_DIR:-/var/tmp/board-vm}"
reports="$repo/packaging/target/surefire-reports"
start=$(date +%s)

skip() {
  if [ "${IRONLOOP_REQUIRE_SHARED:-0}" = 1 ]; then
    echo "install test: FAILED: $1 (IRONLOOP_REQUIRE_SHARED=1)" >&2
    exit 1
  fi
  echo "install test: skipped: $1"
  exit 0
}
[ "$(id -u)" = 0 ] || skip "it needs root (chroot, overlay mount)"
[ -x "$tool/build" ] || skip "board-vm tool not found at $tool"

echo "install test: the arm64 root (board-vm build, cached after the first time)"
t0=$SECONDS
"$tool/build" >/tmp/ironloop-install-vm-build.log 2>&1 || { tail -n 30 /tmp/ironloop-install-vm-build.log; echo "install test: FAILED: board-vm build" >&2; exit 1; }
echo "install test: board-vm build took $((SECONDS - t0)) s"
rootfs="$vmdir/rootfs"
[ -x "$rootfs/usr/bin/java" ] || skip "no arm64 root with Java at $rootfs"

deb="${1:-}"
if [ -z "$deb" ]; then
  deb="$(ls -t packaging/target/ironloop_*_all.deb 2>/dev/null | head -n 1)"
  if [ -z "$deb" ] || [ firmware/target/ironloop.jar -nt "$deb" ]; then
    ./ironloop package >/dev/null || { echo "install test: FAILED: ./ironloop package" >&2; exit 1; }
    deb="$(ls -t packaging/target/ironloop_*_all.deb | head -n 1)"
  fi
fi
echo "install test: $deb ($(stat -c %s "$deb") bytes)"

work="$(mktemp -d /var/tmp/ironloop-install.XXXXXX)"
root="$work/root"
mkdir -p "$work/upper" "$work/work" "$root"
cleanup() {
  for m in "$root/proc" "$root/dev" "$root"; do
    mountpoint -q "$m" && umount -l "$m"
  done
  rm -rf "$work"
}
trap cleanup EXIT
mount -t overlay overlay -o "lowerdir=$rootfs,upperdir=$work/upper,workdir=$work/work" "$root" \
  || { echo "install test: FAILED: overlay mount" >&2; exit 1; }
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
cp "$deb" "$root/tmp/ironloop.deb"

in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root "$@"; }

# --- checks, each one JUnit test case ---------------------------------------------------------------
names=(); results=(); messages=(); times=()
check() {  # check NAME COMMAND...: passes when COMMAND exits 0
  local name="$1"; shift
  local out t0=$SECONDS
  if out="$("$@" 2>&1)"; then
    names+=("$name"); results+=(pass); messages+=(""); times+=($((SECONDS - t0)))
    echo "  PASS $name ($((SECONDS - t0)) s)"
  else
    names+=("$name"); results+=(fail); messages+=("$out"); times+=($((SECONDS - t0)))
    echo "  FAIL $name ($((SECONDS - t0)) s)"; echo "$out" | sed 's/^/       /' | tail -n 20
  fi
}

echo "install test: dpkg -i in the arm64 root"
# The class-data archive is the board JVM's own; under qemu-user its run costs minutes, so it is made
# and checked on the host instead (below).
check "dpkg -i installs the package (maintainer scripts included)" in_root IRONLOOP_SKIP_CDS=1 dpkg -i /tmp/ironloop.deb
check "the jar, the launcher and /usr/bin/ironloop are installed" \
  test -f "$root/usr/lib/ironloop/ironloop.jar" -a -x "$root/usr/lib/ironloop/ironloop" -a -L "$root/usr/bin/ironloop"
check "the shipped board and machine files are in /usr/share/ironloop" \
  test -f "$root/usr/share/ironloop/board-configs/machines/pump-station.yaml" -a -f "$root/usr/share/ironloop/board-configs/boards/raspberry-pi-zero-2w.yaml"
check "the integrator's files are conffiles in /etc/ironloop" bash -c \
  "chroot '$root' dpkg-query -W -f='\${Conffiles}\n' ironloop | grep -q ' /etc/ironloop/machines/machine.yaml ' &&
   chroot '$root' dpkg-query -W -f='\${Conffiles}\n' ironloop | grep -q ' /etc/ironloop/boards/raspberry-pi-4b.yaml ' &&
   chroot '$root' dpkg-query -W -f='\${Conffiles}\n' ironloop | grep -q ' /etc/default/ironloop '"
check "the unit and the commented real-time drop-in are installed" \
  test -f "$root/lib/systemd/system/ironloop.service" -a -f "$root/etc/systemd/system/ironloop.service.d/realtime.conf"
check "the ironloop system user exists, in the gpio, i2c and spi groups" bash -c \
  "chroot '$root' getent passwd ironloop | awk -F: '\$3 < 1000 && \$7 ~ /nologin/' | grep -q . &&
   for g in gpio i2c spi; do chroot '$root' getent group \$g | grep -qw ironloop || { echo \"not in \$g\"; exit 1; }; done"
check "/var/lib/ironloop belongs to ironloop" bash -c "[ \"\$(chroot '$root' stat -c %U:%G /var/lib/ironloop)\" = ironloop:ironloop ]"
check "only linux natives ship in the jar" bash -c \
  "! unzip -l '$root/usr/lib/ironloop/ironloop.jar' | grep -E '\\.(so|dll|dylib|jnilib|a)\$' | grep -E '(win32|darwin|aix|sunos|freebsd|openbsd|dragonfly)' &&
   unzip -l '$root/usr/lib/ironloop/ironloop.jar' | grep -q 'com/sun/jna/linux-aarch64/libjnidispatch.so'"
check "jsch is not in the jar" bash -c "! unzip -l '$root/usr/lib/ironloop/ironloop.jar' | grep -q 'com/jcraft/'"

echo "install test: the installed launcher on arm64 (qemu-user: slow)"
runas=(setpriv --reuid=ironloop --regid=ironloop --init-groups --)
in_root sh -c 'command -v setpriv' >/dev/null 2>&1 || runas=(su -s /bin/sh ironloop -c)
if [ "${runas[0]}" = setpriv ]; then
  check "the service's command runs the machine as the ironloop user and stops with outputs safe" bash -c \
    "chroot '$root' /usr/bin/env -i PATH=/usr/bin:/bin HOME=/var/lib/ironloop ${runas[*]} /usr/bin/ironloop run --state-dir /var/lib/ironloop --no-mqtt --seconds 2 /etc/ironloop/machines/machine.yaml >'$work/run.log' 2>&1;
     s=\$?; cat '$work/run.log'; [ \$s = 0 ] && grep -q 'first control tick' '$work/run.log' && grep -q 'end of run: every output at its safe value' '$work/run.log'"
fi

cp "$root/etc/ironloop/machines/machine.yaml" "$work/machine.yaml.orig"
# One arm64 JVM for both bad inputs (a corrupt file and a missing one), as ExecStartPre runs it.
printf 'machine:\n  name: broken\n  board: [sim\n' >"$root/etc/ironloop/machines/machine.yaml"
t0=$SECONDS
chroot "$root" /usr/bin/ironloop validate /etc/ironloop/machines/machine.yaml /etc/ironloop/machines/missing.yaml >"$work/validate.log" 2>&1
echo $? >"$work/validate.status"
echo "  (validate of the two bad files on arm64: $((SECONDS - t0)) s)"
check "a corrupt /etc/ironloop file is refused with file:line:column (ExecStartPre, installed launcher)" bash -c \
  "cat '$work/validate.log'; [ \$(cat '$work/validate.status') = 2 ] && grep -q '^/etc/ironloop/machines/machine.yaml:4:1: YAML syntax error' '$work/validate.log'"
check "a missing /etc/ironloop file is refused with file:line:column (ExecStartPre, installed launcher)" bash -c \
  "cat '$work/validate.log'; [ \$(cat '$work/validate.status') = 2 ] && grep -q '^/etc/ironloop/machines/missing.yaml:1:1: file not found' '$work/validate.log'"

# An upgrade (the same package again: postinst configure with the old version) keeps an edited conffile.
sed 's/^  name: pump-station/  name: pump-station-edited/' "$work/machine.yaml.orig" >"$root/etc/ironloop/machines/machine.yaml"
check "an upgrade keeps the integrator's edited conffile and the user" bash -c \
  "chroot '$root' /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin IRONLOOP_SKIP_CDS=1 dpkg -i --force-confold /tmp/ironloop.deb &&
   grep -q 'pump-station-edited' '$root/etc/ironloop/machines/machine.yaml' && chroot '$root' getent passwd ironloop >/dev/null"

echo "install test: systemd-analyze verify"
# The guest root has no systemd: lend it the host's targets (in the overlay only) so the unit's default
# dependencies resolve; its ExecStart binaries, user and directives are checked against the arm64 root.
mkdir -p "$root/lib/systemd/system"
cp -n /lib/systemd/system/*.target /lib/systemd/system/*.slice "$root/lib/systemd/system/" 2>/dev/null
# The host's systemd checks the unit against the arm64 root (its ExecStart binaries, users, directives).
check "systemd-analyze verify accepts the unit" bash -c \
  "out=\$(systemd-analyze verify --root='$root' --man=no /lib/systemd/system/ironloop.service 2>&1); s=\$?;
   echo \"\$out\" | grep -v -e 'Failed to open /dev/shm' -e 'Cannot add dependency job' ; [ \$s = 0 ]"
check "the unit is Type=notify with a watchdog, a start limit, validate before start and the hardening asked for" bash -c \
  "u='$root/lib/systemd/system/ironloop.service';
   for k in '^Type=notify' '^WatchdogSec=' '^Restart=on-failure' '^StartLimitBurst=' '^ExecStartPre=/usr/bin/ironloop validate' \
            '^NoNewPrivileges=yes' '^ProtectSystem=strict' '^ProtectHome=yes' '^PrivateTmp=yes' '^ReadWritePaths=/var/lib/ironloop' \
            '^DeviceAllow=char-gpiochip rw' '^DeviceAllow=char-i2c rw' '^DeviceAllow=char-spi rw' '^DevicePolicy=closed' '^LogRateLimitBurst='; do
     grep -q \"\$k\" \"\$u\" || { echo \"missing \$k\"; exit 1; }; done"

check "the launcher writes an AppCDS archive (host JVM)" bash -c \
  "a='$work/ironloop.jsa'; IRONLOOP_CDS_ARCHIVE=\$a '$repo/ironloop' cds \$a && [ -s \$a ]"

echo "install test: purge"
check "dpkg --purge removes the files, the state, the conffiles and the user" bash -c \
  "chroot '$root' /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin dpkg --purge ironloop &&
   [ ! -e '$root/usr/lib/ironloop' ] && [ ! -e '$root/var/lib/ironloop' ] && [ ! -e '$root/etc/ironloop' ] &&
   [ ! -e '$root/usr/bin/ironloop' ] && ! chroot '$root' getent passwd ironloop && chroot '$root' getent group gpio >/dev/null"

# --- report -----------------------------------------------------------------------------------------
mkdir -p "$reports"
failed=0
for r in "${results[@]}"; do [ "$r" = fail ] && failed=$((failed + 1)); done
elapsed=$(( $(date +%s) - start ))
xml_escape() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g'; }
{
  echo '<?xml version="1.0" encoding="UTF-8"?>'
  echo "<testsuite name=\"packaging.test-install\" tests=\"${#names[@]}\" failures=\"$failed\" errors=\"0\" skipped=\"0\" time=\"$elapsed\">"
  for i in "${!names[@]}"; do
    printf '  <testcase classname="packaging.test-install" name="%s" time="%s"' "$(printf '%s' "${names[$i]}" | xml_escape)" "${times[$i]}"
    if [ "${results[$i]}" = fail ]; then
      printf '>\n    <failure message="failed">%s</failure>\n  </testcase>\n' "$(printf '%s' "${messages[$i]}" | tail -n 40 | xml_escape)"
    else
      printf '/>\n'
    fi
  done
  echo '</testsuite>'
} >"$reports/TEST-install.xml"
echo "install test: ${#names[@]} checks, $failed failed, in $elapsed s (JUnit XML in $reports/TEST-install.xml)"
[ "$failed" = 0 ]
