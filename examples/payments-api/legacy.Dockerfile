# How the service was packaged before the standard: every line here is a finding.
FROM golang:1.22-alpine AS builder
WORKDIR /app
COPY . .
RUN go mod download && \
    go build -a -installsuffix cgo -o payments-api ./cmd/payments-api

FROM alpine:latest
ENV DB_PASSWORD=changeme
RUN apk add --no-cache ca-certificates curl && \
    adduser -D -u 1000 app
COPY --from=builder /app/payments-api /usr/local/bin/payments-api
COPY config.yaml /etc/payments/config.yaml
RUN chown -R app /etc/payments
USER app
EXPOSE 8080
HEALTHCHECK CMD curl -f http://localhost:8080/health || exit 1
CMD payments-api --config /etc/payments/config.yaml
