# One image recipe for both services: docker build --build-arg SERVICE=producer|consumer .
# docker-compose.yml builds both from it.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY heartbeat-common/pom.xml heartbeat-common/
COPY heartbeat-producer/pom.xml heartbeat-producer/
COPY heartbeat-consumer/pom.xml heartbeat-consumer/
COPY heartbeat-local/pom.xml heartbeat-local/
COPY heartbeat-common/src/ heartbeat-common/src/
COPY heartbeat-producer/src/ heartbeat-producer/src/
COPY heartbeat-consumer/src/ heartbeat-consumer/src/
ARG SERVICE
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -pl heartbeat-${SERVICE} -am package -DskipTests \
    && java -Djarmode=tools -jar heartbeat-${SERVICE}/target/heartbeat-${SERVICE}-exec.jar extract \
        --destination /extracted --application-filename app.jar

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /app heartbeat \
    && mkdir /app/logs && chown heartbeat /app/logs
WORKDIR /app
# The exec jar extracted (app.jar and lib/): classes read from plain jars, which class data sharing needs.
COPY --from=build /extracted/ /app/
# CDS training run, with this image's own JVM and the classpath the service runs with (docs/consumer.md#start-up-time):
# the context is refreshed, then the JVM exits and writes app.jsa, the classes it loaded, parsed and verified.
# Nothing to reach at build time, so it skips what would connect before that point (Flyway, with its PostgreSQL
# version check, and the topic declaration); the service itself still does both at every start.
RUN LOG_DIR=/tmp/cds-training-logs java -XX:MaxRAMPercentage=75 -XX:ArchiveClassesAtExit=/app/app.jsa \
        -Dspring.context.exit=onRefresh -Dspring.flyway.enabled=false -Dspring.kafka.admin.auto-create=false \
        -jar /app/app.jar \
    && rm -rf /tmp/cds-training-logs
USER heartbeat
ENV LOG_DIR=/app/logs
# An archive the JVM cannot use (another JVM build, a changed jar) is ignored, never fatal: -Xshare:auto, the default.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:SharedArchiveFile=/app/app.jsa", "-jar", "/app/app.jar"]
