# syntax=docker/dockerfile:1
# Build: docker build -t ozd-content-api .
# Run:   docker run -p 8080:8080 -e ConnectionStrings__Content="Host=…;Username=…;Password=…;Database=…" ozd-content-api

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
COPY global.json Directory.Build.props ./
COPY src/OzdContentApi/OzdContentApi.csproj src/OzdContentApi/
RUN dotnet restore src/OzdContentApi/OzdContentApi.csproj
COPY src/ src/
# Migrations and demo content are compiled into the service.
COPY db/ db/
RUN dotnet publish src/OzdContentApi/OzdContentApi.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production
EXPOSE 8080
# The non-root user the .NET images provide.
USER $APP_UID
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD curl --fail --silent --show-error http://127.0.0.1:8080/health/ready || exit 1
ENTRYPOINT ["dotnet", "OzdContentApi.dll"]
