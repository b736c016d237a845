// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

#include <optional>

/// Checks of the values that set-source, set-destination and schedule accept, done before any
/// cluster is touched. Error texts follow `kubectl volsync` where it has one.
class ReplicationValidation
{
public:
    /// Copy methods allowed for a source (Direct, None, Snapshot, Clone) and a destination (Direct, None, Snapshot).
    [[nodiscard]] static QStringList sourceCopyMethods();
    [[nodiscard]] static QStringList destinationCopyMethods();

    /// Case-insensitive match against `allowed`; returns the canonical spelling.
    /// `invalid CopyMethod: X`; an empty value is an error too.
    [[nodiscard]] static std::optional<QString> copyMethod(
        const QString &value, const QStringList &allowed, QString *error);

    /// Each value may itself be a comma-separated list. `invalid access mode: X`.
    [[nodiscard]] static std::optional<QStringList> accessModes(const QStringList &values, QString *error);

    /// A positive Kubernetes quantity matching the CRD's pattern ("10Gi"; "2GB" is invalid).
    [[nodiscard]] static std::optional<QString> capacity(const QString &value, QString *error);

    /// `servicetype must be LoadBalancer or ClusterIP`.
    [[nodiscard]] static std::optional<QString> serviceType(const QString &value, QString *error);

    /// A cron spec the ReplicationSource CRD accepts (its pattern, fully anchored) and that
    /// describes real times (ranges checked). `@every 5m`, `@midnight` and `TZ=` prefixes are refused.
    [[nodiscard]] static bool cronSpec(const QString &value, QString *error);

    /// The CRD's own `spec.trigger.schedule` pattern (as the apiserver applies it).
    [[nodiscard]] static QString crdSchedulePattern();

    /// `RuntimeDefault`, `Localhost` or `Unconfined`.
    [[nodiscard]] static std::optional<QString> seccompProfileType(const QString &value, QString *error);
};
