// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

/// The one privileged-movers check, used by apply, the dry run and the wizard: the rsync mover over SSH runs
/// privileged, which VolSync allows only in namespaces annotated `volsync.backube/privileged-movers: "true"`;
/// rsync-TLS needs nothing.
class PrivilegedMovers
{
public:
    /// A namespace of a relationship: context (empty = current) and name.
    struct Namespace {
        QString context;
        QString name;
        bool operator==(const Namespace &) const = default;
    };

    /// `volsync.backube/privileged-movers`.
    [[nodiscard]] static QString annotation();
    /// Whether a relationship's movers need the annotation at all.
    [[nodiscard]] static bool needed(bool rsyncTls) { return !rsyncTls; }
    /// Whether `namespaceObject` (a Namespace as the API returns it) carries the annotation.
    [[nodiscard]] static bool allowedIn(const QJsonObject &namespaceObject);
    /// The merge patch (and, for a dry run, the metadata) that adds the annotation.
    [[nodiscard]] static QJsonObject annotationPatch();
    /// `kubectl [--context C] annotate namespace NS volsync.backube/privileged-movers=true`.
    [[nodiscard]] static QString annotateCommand(const Namespace &ns);
    /// The namespaces among `sides` that lack the annotation, given each one's object (empty object: not read,
    /// or it will be created without it). Duplicates are listed once.
    [[nodiscard]] static QList<Namespace> missing(bool rsyncTls, const QList<std::pair<Namespace, QJsonObject>> &sides);
    /// Why a sync cannot start without the annotation, with the commands that add it.
    [[nodiscard]] static QString missingMessage(const QList<Namespace> &missing);
};
