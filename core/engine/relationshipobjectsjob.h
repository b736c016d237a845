// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "relationshipstore.h"
#include "replicationjob.h"
#include "replicationrelationship.h"

#include <QJsonObject>
#include <QList>
#include <QPointer>

class KubeSession;

/// Fetches a relationship's live objects for display: its ReplicationSource, its ReplicationDestination and the
/// key Secret the source names (data masked), each as YAML without managedFields. An object that cannot be read
/// gets a "# …" line that says why instead. Given its store, it also reads the relationship's file, on a worker
/// thread (fileRead()). Always succeeds unless cancelled.
class RelationshipObjectsJob : public ReplicationJob
{
    Q_OBJECT
public:
    /// One object to show.
    struct Item {
        QString key; ///< "source", "destination" or "secret"
        QString kind; ///< "ReplicationSource", "ReplicationDestination", "Secret"
        QString context;
        QString namespaceName;
        QString name;
        QString yaml; ///< the object as YAML, or "# why it is not shown"; empty until fetched
        bool fetched = false;
    };

    /// `store`: where the relationship's file is read from (none: no file is read).
    RelationshipObjectsJob(KubeSession *session, const ReplicationRelationship &relationship,
        const std::optional<RelationshipStore> &store = std::nullopt, QObject *parent = nullptr);

    /// The objects the relationship names (source, destination), known before start(); the key Secret joins
    /// once the source has been read (itemAdded()).
    [[nodiscard]] QList<Item> items() const { return mItems; }

    /// JSON object -> YAML for display: managedFields dropped, Secret data masked.
    [[nodiscard]] static QString toDisplayYaml(QJsonObject object);
    /// The key Secret a ReplicationSource names (rsync's sshKeys or rsyncTLS's keySecret), empty when none.
    [[nodiscard]] static QString keySecretOf(const QJsonObject &replicationSource);

Q_SIGNALS:
    /// An object to fetch was found after start() (the source's key Secret).
    void itemAdded(const RelationshipObjectsJob::Item &item);
    /// An object was fetched (or failed: its yaml says why).
    void itemFetched(const RelationshipObjectsJob::Item &item);
    /// The relationship file's text, or a "# …" line saying why it cannot be read.
    void fileRead(const QString &text);

protected:
    void run() override;

private:
    void fetch(int index);
    void readFile();
    void done();

    QPointer<KubeSession> mSession;
    QString mName;
    std::optional<RelationshipStore> mStore;
    QList<Item> mItems;
    int mPending = 0;
};
