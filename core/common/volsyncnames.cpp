// SPDX-License-Identifier: GPL-3.0-or-later
#include "volsyncnames.h"

#include <array>

namespace {

constexpr qsizetype kMaxNameLength = 63;

QString direction(bool source)
{
    return source ? QStringLiteral("src") : QStringLiteral("dst");
}

// CRC-32 (IEEE 802.3, reflected, as Go's crc32.ChecksumIEEE).
quint32 crc32Ieee(const QByteArray &bytes)
{
    static const std::array<quint32, 256> table = [] {
        std::array<quint32, 256> t {};
        for (quint32 i = 0; i < 256; ++i) {
            quint32 c = i;
            for (int k = 0; k < 8; ++k) {
                c = (c & 1U) ? 0xEDB88320U ^ (c >> 1) : c >> 1;
            }
            t[i] = c;
        }
        return t;
    }();
    quint32 crc = 0xFFFFFFFFU;
    for (const char byte : bytes) {
        crc = table[(crc ^ quint8(byte)) & 0xFFU] ^ (crc >> 8);
    }
    return crc ^ 0xFFFFFFFFU;
}

} // namespace

QString VolSyncNames::shortened(const QString &prefix, const QString &owner)
{
    const QString name = prefix + owner;
    if (name.toUtf8().size() <= kMaxNameLength) { // Go's len() counts bytes
        return name;
    }
    return prefix + QStringLiteral("%1").arg(crc32Ieee(owner.toUtf8()), 8, 16, QLatin1Char('0'));
}

QString VolSyncNames::jobName(bool source, bool tls, const QString &owner)
{
    return shortened((tls ? QStringLiteral("volsync-rsync-tls-") : QStringLiteral("volsync-rsync-")) + direction(source)
            + QLatin1Char('-'),
        owner);
}

QString VolSyncNames::serviceName(bool source, bool tls, const QString &owner)
{
    return jobName(source, tls, owner); // GetServiceName: the same prefix and bound
}

QString VolSyncNames::ownerNameLabel(bool source, const QString &owner)
{
    return shortened(direction(source) + QLatin1Char('-'), owner);
}

QString VolSyncNames::serviceAccountName(bool source, const QString &owner)
{
    return QStringLiteral("volsync-%1-%2").arg(direction(source), owner);
}

QString VolSyncNames::dataPvcName(bool source, const QString &owner)
{
    return QStringLiteral("volsync-%1-%2").arg(owner, direction(source));
}

QString VolSyncNames::containerName(bool tls)
{
    return tls ? QStringLiteral("rsync-tls") : QStringLiteral("rsync");
}
