# Sourced by the bench scripts after `cd` to the repository root. Builds target/kintsugi.jar when it is missing
# or older than the sources (the same test as ./kintsugi) and sets $jar to it. OpenMP waiting is left to
# Kintsugi's engine set-up (NativeTuning), as in ./kintsugi.
jar=target/kintsugi.jar
if [ ! -f "$jar" ] || [ -n "$(find src/main pom.xml -newer "$jar" -print -quit)" ]; then
  ./mvnw -B -q -o -DskipTests package >/dev/null
fi

# private_jar DIR: copy the jar to DIR/kintsugi.jar and point $jar at the copy, so that rebuilding the working
# tree while a benchmark runs cannot pull the jar from under the JVM.
private_jar() {
  cp target/kintsugi.jar "$1/kintsugi.jar"
  jar="$1/kintsugi.jar"
}
