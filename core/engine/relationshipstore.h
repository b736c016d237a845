// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "replicationrelationship.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

/// The relationship files in a config dir (`~/.volsync` by default), shared with `kubectl volsync`.
/// Every call reads or writes the file; nothing is cached, so several tools can use the folder at once.
/// Errors are returned as messages for a person (path, line, what to do).
class RelationshipStore
{
public:
    /// `configDir` empty means the default, `~/.volsync`.
    explicit RelationshipStore(const QString &configDir = QString());

    [[nodiscard]] static QString defaultConfigDir();
    [[nodiscard]] QString configDir() const { return mConfigDir; }
    [[nodiscard]] QString filePath(const QString &name) const;

    /// Checks the name of an existing relationship file (RelationshipName::problemForExisting): an error
    /// message or nothing. create() applies the stricter rule for new names.
    [[nodiscard]] static std::optional<QString> validateName(const QString &name);

    [[nodiscard]] bool exists(const QString &name) const;

    /// Creates a new relationship file (`relationship exists` if it is there already). Exclusive: of many
    /// processes creating the same name at once, exactly one succeeds.
    /// `rsyncTls` writes the version 2 form. `id`: the relationship id to use (empty: a new v4 UUID).
    [[nodiscard]] std::optional<ReplicationRelationship> create(
        const QString &name, bool rsyncTls, QString *error, const QString &id = QString()) const;

    /// Loads `<name>.yaml`: `relationship not found`, `relationship is not of the correct type`,
    /// `unsupported config file version N`, or a parse error with the path and line. When the file is gone, a lock
    /// file beside it that a killed process left is removed.
    [[nodiscard]] std::optional<ReplicationRelationship> load(const QString &name, QString *error) const;

    /// The text of `<name>.yaml` as it is on disk (for display), or nothing with `error` set.
    [[nodiscard]] std::optional<QByteArray> readText(const QString &name, QString *error) const;

    /// Parses a file's text; `path` is only used in error messages.
    [[nodiscard]] static std::optional<ReplicationRelationship> parse(
        const QByteArray &text, const QString &path, QString *error);

    /// Serializes in upstream's format (keys lowercased, sorted, 4-space indent).
    [[nodiscard]] static QByteArray serialize(const ReplicationRelationship &relationship);

    /// Writes atomically. A new file is created owner-only (0600), an existing one keeps its mode.
    /// An existing file that cannot be parsed is never overwritten.
    /// Every write holds the lock file NAME.yaml.lock beside it (QLockFile: a lock left by a killed process
    /// is taken over), so writers from several processes take turns.
    bool save(const ReplicationRelationship &relationship, QString *error) const;

    /// One read-modify-write under the file's lock: reads the file again, lets `change` edit it (it returns
    /// false with `error` set to give up) and writes it. Concurrent changes to other fields are kept.
    /// Fails when the file is gone (deleted meanwhile): nothing is written then.
    [[nodiscard]] std::optional<ReplicationRelationship> update(const QString &name,
        const std::function<bool(ReplicationRelationship *, QString *)> &change, QString *error) const;

    /// Removes the file.
    bool remove(const QString &name, QString *error) const;

    /// Converts a version 1 (SSH) relationship to the version 2 (rsync-TLS) form in memory.
    static void upgradeToRsyncTls(ReplicationRelationship *relationship);

    struct Listing {
        QList<ReplicationRelationship> relationships; ///< replication files, sorted by name
        QStringList problems; ///< files that could not be read, with the reason
    };
    /// All replication relationships in the folder (migration files are skipped).
    [[nodiscard]] Listing list() const;
    /// How many times list() has run on the application's main thread, the GUI's (a test checks that start-up and
    /// the wizard read no folder there: RelationshipListingLoader reads it on a worker).
    [[nodiscard]] static int mainThreadListings();
    /// How many times load() or readText() has run on the main thread (a test checks that the GUI's wizard, YAML
    /// view and folder reloads read none there).
    [[nodiscard]] static int mainThreadLoads();

private:
    bool ensureConfigDir(QString *error) const;
    bool write(const ReplicationRelationship &relationship, bool checkExisting, QString *error) const;

    QString mConfigDir;
};
