// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simvolumecontents.h"

QJsonObject SimVolumeContents::toJson() const
{
    QJsonObject json;
    for (auto it = mContents.cbegin(); it != mContents.cend(); ++it)
        json.insert(it.key(), it.value().toJson());
    return json;
}

void SimVolumeContents::fromJson(const QJsonObject &json)
{
    mContents.clear();
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (const auto content = SimVolumeContent::fromJson(it.value().toObject()))
            mContents.insert(it.key(), *content);
    }
}
