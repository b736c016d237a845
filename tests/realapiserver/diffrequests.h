// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "diffcase.h"

// Requests of the differential table, by verb.

inline DiffRequest get(const QString &path, const QString &identity = {})
{
    return DiffRequest {"GET", path, {}, "application/json", identity};
}
inline DiffRequest post(const QString &path, const char *body)
{
    return DiffRequest {"POST", path, body};
}
inline DiffRequest put(const QString &path, const char *body)
{
    return DiffRequest {"PUT", path, body};
}
inline DiffRequest merge(const QString &path, const char *body)
{
    return DiffRequest {"PATCH", path, body, "application/merge-patch+json"};
}
inline DiffRequest jsonPatch(const QString &path, const char *body)
{
    return DiffRequest {"PATCH", path, body, "application/json-patch+json"};
}
inline DiffRequest apply(const QString &path, const char *body)
{
    return DiffRequest {"PATCH", path, body, "application/apply-patch+yaml"};
}
inline DiffRequest remove(const QString &path, const char *body = "")
{
    return DiffRequest {"DELETE", path, body};
}
inline DiffRequest watch(const QString &pathAndQuery)
{
    return DiffRequest {"WATCH", pathAndQuery, {}};
}
