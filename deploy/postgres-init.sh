#!/bin/sh
# The official postgres image runs this once, on an empty data directory (docs/deployment.md#two-database-roles-on-postgresql):
# the owner role that runs the migrations, the application role gzcredit_app (the name the migrations grant to), and a
# UTF-8 database, without which pg_trgm ignores Chinese and name search finds nothing.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_password="$GZCREDIT_OWNER_PASSWORD" -v app_password="$GZCREDIT_APP_PASSWORD" <<'SQL'
CREATE ROLE gzcredit_owner LOGIN PASSWORD :'owner_password';
CREATE ROLE gzcredit_app LOGIN PASSWORD :'app_password';
CREATE DATABASE gzcredit OWNER gzcredit_owner TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8';
SQL
