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
    && cp heartbeat-${SERVICE}/target/heartbeat-${SERVICE}-exec.jar /app.jar

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /app heartbeat \
    && mkdir /app/logs && chown heartbeat /app/logs
WORKDIR /app
COPY --from=build /app.jar /app/app.jar
USER heartbeat
ENV LOG_DIR=/app/logs
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"]
