// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simvalidator.h"

#include "sim/simresourceinfo.h"

namespace volsync {

QJsonArray SimValidator::validate(const SimResourceInfo &info, const QJsonObject &object)
{
    Q_UNUSED(info)
    Q_UNUSED(object)
    return {};
}

QStringList SimValidator::unknownFields(const SimResourceInfo &info, const QJsonObject &object)
{
    Q_UNUSED(info)
    Q_UNUSED(object)
    return {};
}

QJsonObject SimValidator::prune(const SimResourceInfo &info, const QJsonObject &object)
{
    Q_UNUSED(info)
    return object;
}

} // namespace volsync
