# gapscan in a container: `docker build -t gapscan .` then
#   docker run --rm --network host -v "$PWD:/work" -w /work gapscan scan https://staging.example.com/ -o gapscan.sarif
# The build stage compiles the Debian package (scripts/package.sh); the image is Debian slim
# with that package installed and nothing else.
FROM debian:12 AS build
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends build-essential cmake ninja-build pkg-config \
      ca-certificates libcurl4-openssl-dev libboost-dev libcli11-dev nlohmann-json3-dev \
      doctest-dev libgumbo-dev libssl-dev libpsl-dev libyaml-cpp-dev libre2-dev dpkg-dev file \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN SKIP_DEPS=1 bash scripts/package.sh > /tmp/deb-path && cp "$(cat /tmp/deb-path)" /gapscan.deb

FROM debian:12-slim
COPY --from=build /gapscan.deb /tmp/gapscan.deb
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends /tmp/gapscan.deb ca-certificates \
 && rm -rf /var/lib/apt/lists/* /tmp/gapscan.deb
USER nobody
WORKDIR /tmp
ENTRYPOINT ["gapscan"]
CMD ["--help"]
