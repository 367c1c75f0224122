#!/usr/bin/env bash
# Nightly contact-sync run for cron (see contact-sync.crontab). Passes the exit code through:
#   0  completed, or the date had completed before
#   1  the run failed or stopped, or the database is unreachable: run it again
#   2  bad usage or configuration (credentials refused too): fix it, then rerun
#   3  completed, but too many items failed (contact-sync.alert-failure-ratio)
#   4  another run is in progress or a crashed run awaits 'recover'; nothing ran
# A failed run (1) is retried once after 10 minutes: the same date resumes where it stopped.
set -uo pipefail

ENV_FILE=${CONTACT_SYNC_ENV_FILE:-/etc/contact-sync/contact-sync.env}
set -a
# shellcheck source=/dev/null
. "$ENV_FILE"
set +a

JAR=${CONTACT_SYNC_JAR:-/opt/contact-sync/contact-sync.jar}
JAVA=${JAVA:-java}
# The JVM options of every launcher (jobs/jvm.options): the client compiler only and the serial
# collector, for a machine of few cores. The file beside the jar, else the one in this wrapper's
# jobs/ directory; none: the JVM's defaults.
OPTIONS=${CONTACT_SYNC_JVM_OPTIONS_FILE:-$(dirname "$JAR")/jvm.options}
if [ ! -f "$OPTIONS" ] && [ -z "${CONTACT_SYNC_JVM_OPTIONS_FILE:-}" ]; then
  OPTIONS=$(dirname "$0")/../jvm.options
fi
# The AppCDS archive beside the jar, when there is one (src/docs/running.md, "Faster start": the jar
# extracted, one training run): a start 35-50 % shorter. None: the JVM starts as usual.
ARCHIVE=${CONTACT_SYNC_CDS_ARCHIVE:-${JAR%.jar}.jsa}
JVM=()
if [ -f "$OPTIONS" ]; then
  JVM+=("@$OPTIONS")
fi
if [ -f "$ARCHIVE" ]; then
  JVM+=("-XX:SharedArchiveFile=$ARCHIVE")
fi

DATE=$(date +%F)
"$JAVA" ${JVM[@]+"${JVM[@]}"} -jar "$JAR" run --date="$DATE"
code=$?
if [ "$code" -eq 1 ]; then
  echo "contact-sync: the run of $DATE failed; resuming it in 10 minutes" >&2
  sleep 600
  "$JAVA" ${JVM[@]+"${JVM[@]}"} -jar "$JAR" run --date="$DATE"
  code=$?
fi
case "$code" in
  0) ;;
  3) echo "contact-sync: the run of $DATE completed, but too many items did not succeed; see: $JAVA -jar $JAR failures" >&2 ;;
  4) echo "contact-sync: another run is in progress, or a crashed run awaits: $JAVA -jar $JAR recover" >&2 ;;
  *) echo "contact-sync: the run of $DATE ended with exit code $code; see: $JAVA -jar $JAR status" >&2 ;;
esac
exit "$code"
