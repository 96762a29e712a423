# syntax=docker/dockerfile:1
# Build a static binary, then ship it alone in a small non-root image.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/newsarchive ./cmd/newsarchive \
	&& mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/newsarchive /newsarchive
COPY --from=build --chown=65532:65532 /out/data /data
ENV NEWSARCHIVE_DATA=/data \
	NEWSARCHIVE_ADDR=:8080
VOLUME ["/data"]
EXPOSE 8080
USER 65532:65532
ENTRYPOINT ["/newsarchive"]
CMD ["serve"]
