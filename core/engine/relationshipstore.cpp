// SPDX-License-Identifier: GPL-3.0-or-later
#include "relationshipstore.h"

#include "relationshipserializations.h"

#include "relationshipname.h"

#include "yamltree.h"

#include "common/regularfile.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QLockFile>
#include <QRegularExpression>
#include <QSaveFile>
#include <QTemporaryFile>
#include <QThread>
#include <QUuid>

#include <atomic>

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace {

const QString kSrcOpts = QStringLiteral("replicationsourcevolumeoptions");
const QString kDstOpts = QStringLiteral("replicationdestinationvolumeoptions");

// Reads known fields out of the lowercased tree; remembers the first type error with its line.
class TreeReader
{
public:
    TreeReader(const QHash<QString, int> &lines, const QString &filePath)
        : mLines(lines)
        , mPath(filePath)
    { }

    [[nodiscard]] bool failed() const { return !mError.isEmpty(); }
    [[nodiscard]] QString error() const { return mError; }

    void fail(const QString &key, const QString &what)
    {
        if (!mError.isEmpty())
            return;
        const int line = mLines.value(key, 0);
        mError = line > 0 ? QStringLiteral("%1:%2: %3: %4").arg(mPath).arg(line).arg(key, what)
                          : QStringLiteral("%1: %2: %3").arg(mPath, key, what);
    }

    QVariantMap map(const QVariantMap &parent, const QString &parentPath, const QString &key)
    {
        const QVariant v = parent.value(key);
        if (!v.isValid())
            return {};
        if (v.typeId() != QMetaType::QVariantMap) {
            fail(join(parentPath, key), QStringLiteral("expected a mapping"));
            return {};
        }
        return v.toMap();
    }

    std::optional<QString> optString(const QVariantMap &parent, const QString &parentPath, const QString &key)
    {
        const QVariant v = parent.value(key);
        if (!v.isValid())
            return std::nullopt;
        switch (v.typeId()) {
        case QMetaType::QString:
        case QMetaType::LongLong:
        case QMetaType::Bool:
            return v.toString();
        default:
            fail(join(parentPath, key), QStringLiteral("expected a string"));
            return std::nullopt;
        }
    }

    QString string(const QVariantMap &parent, const QString &parentPath, const QString &key)
    {
        return optString(parent, parentPath, key).value_or(QString());
    }

    std::optional<qint64> optInt(const QVariantMap &parent, const QString &parentPath, const QString &key)
    {
        const QVariant v = parent.value(key);
        if (!v.isValid())
            return std::nullopt;
        bool ok = false;
        const qint64 value = v.typeId() == QMetaType::Bool ? 0 : v.toLongLong(&ok);
        if (!ok) {
            fail(join(parentPath, key), QStringLiteral("expected an integer"));
            return std::nullopt;
        }
        return value;
    }

    std::optional<bool> optBool(const QVariantMap &parent, const QString &parentPath, const QString &key)
    {
        const QVariant v = parent.value(key);
        if (!v.isValid())
            return std::nullopt;
        if (v.typeId() == QMetaType::Bool)
            return v.toBool();
        const QString s = v.toString().toLower();
        if (s == QLatin1String("true") || s == QLatin1String("1"))
            return true;
        if (s == QLatin1String("false") || s == QLatin1String("0"))
            return false;
        fail(join(parentPath, key), QStringLiteral("expected true or false"));
        return std::nullopt;
    }

    QStringList stringList(const QVariantMap &parent, const QString &parentPath, const QString &key)
    {
        const QVariant v = parent.value(key);
        if (!v.isValid())
            return {};
        if (v.typeId() != QMetaType::QVariantList) {
            // A single scalar is accepted as a one-element list, as Go's weak decoding does.
            if (v.typeId() == QMetaType::QString)
                return {v.toString()};
            fail(join(parentPath, key), QStringLiteral("expected a list"));
            return {};
        }
        QStringList out;
        const QVariantList list = v.toList();
        for (const QVariant &item : list) {
            if (item.typeId() != QMetaType::QString) {
                fail(join(parentPath, key), QStringLiteral("expected a list of strings"));
                return {};
            }
            out.append(item.toString());
        }
        return out;
    }

    static QString join(const QString &a, const QString &b) { return a.isEmpty() ? b : a + QLatin1Char('.') + b; }

private:
    const QHash<QString, int> &mLines;
    QString mPath;
    QString mError;
};

MoverSecurityContext readSecurityContext(TreeReader &r, const QVariantMap &m, const QString &path)
{
    MoverSecurityContext c;
    c.runAsUser = r.optInt(m, path, QStringLiteral("runasuser"));
    c.runAsGroup = r.optInt(m, path, QStringLiteral("runasgroup"));
    c.fsGroup = r.optInt(m, path, QStringLiteral("fsgroup"));
    c.runAsNonRoot = r.optBool(m, path, QStringLiteral("runasnonroot"));
    const QString seccompPath = TreeReader::join(path, QStringLiteral("seccompprofile"));
    const QVariantMap seccomp = r.map(m, path, QStringLiteral("seccompprofile"));
    c.seccompProfileType = r.optString(seccomp, seccompPath, QStringLiteral("type"));
    return c;
}

void readSourceOptions(TreeReader &r, const QVariantMap &m, const QString &path, ReplicationSourceSide *s)
{
    s->copyMethod = r.string(m, path, QStringLiteral("copymethod"));
    s->accessModes = r.stringList(m, path, QStringLiteral("accessmodes"));
    s->capacity = r.optString(m, path, QStringLiteral("capacity"));
    s->storageClassName = r.optString(m, path, QStringLiteral("storageclassname"));
    s->volumeSnapshotClassName = r.optString(m, path, QStringLiteral("volumesnapshotclassname"));
}

void readDestinationOptions(TreeReader &r, const QVariantMap &m, const QString &path, ReplicationDestinationSide *d)
{
    d->copyMethod = r.string(m, path, QStringLiteral("copymethod"));
    d->accessModes = r.stringList(m, path, QStringLiteral("accessmodes"));
    d->capacity = r.optString(m, path, QStringLiteral("capacity"));
    d->storageClassName = r.optString(m, path, QStringLiteral("storageclassname"));
    d->volumeSnapshotClassName = r.optString(m, path, QStringLiteral("volumesnapshotclassname"));
    d->destinationPvc = r.optString(m, path, QStringLiteral("destinationpvc"));
    d->cleanupTempPvc = r.optBool(m, path, QStringLiteral("cleanuptemppvc")).value_or(false);
}

QVariant opt(const std::optional<QString> &v)
{
    return v ? QVariant(*v) : QVariant();
}

QVariant str(const QString &v)
{
    return QVariant(v.isNull() ? QString(QLatin1String("")) : v);
}

QVariant optInt(const std::optional<qint64> &v)
{
    return v ? QVariant(qlonglong(*v)) : QVariant();
}

QVariantMap securityContextTree(const MoverSecurityContext &c)
{
    QVariantMap m;
    m.insert(QStringLiteral("runasuser"), optInt(c.runAsUser));
    m.insert(QStringLiteral("runasgroup"), optInt(c.runAsGroup));
    m.insert(QStringLiteral("fsgroup"), optInt(c.fsGroup));
    m.insert(QStringLiteral("runasnonroot"), c.runAsNonRoot ? QVariant(*c.runAsNonRoot) : QVariant());
    if (c.seccompProfileType)
        m.insert(QStringLiteral("seccompprofile"), QVariantMap {{QStringLiteral("type"), *c.seccompProfileType}});
    return m;
}

QVariantMap sourceOptionsTree(const ReplicationSourceSide &s)
{
    return {
        {QStringLiteral("copymethod"), str(s.copyMethod)},
        {QStringLiteral("accessmodes"), QVariant(s.accessModes)},
        {QStringLiteral("capacity"), opt(s.capacity)},
        {QStringLiteral("storageclassname"), opt(s.storageClassName)},
        {QStringLiteral("volumesnapshotclassname"), opt(s.volumeSnapshotClassName)},
    };
}

QVariantMap destinationOptionsTree(const ReplicationDestinationSide &d)
{
    return {
        {QStringLiteral("copymethod"), str(d.copyMethod)},
        {QStringLiteral("accessmodes"), QVariant(d.accessModes)},
        {QStringLiteral("capacity"), opt(d.capacity)},
        {QStringLiteral("storageclassname"), opt(d.storageClassName)},
        {QStringLiteral("volumesnapshotclassname"), opt(d.volumeSnapshotClassName)},
        {QStringLiteral("destinationpvc"), opt(d.destinationPvc)},
        {QStringLiteral("cleanuptemppvc"), d.cleanupTempPvc},
    };
}

QVariantMap knownTree(const ReplicationRelationship &rel)
{
    QVariantMap data;
    data.insert(QStringLiteral("version"), rel.version);
    if (rel.version >= 2)
        data.insert(QStringLiteral("isrsynctls"), rel.rsyncTls);
    if (rel.source) {
        const ReplicationSourceSide &s = *rel.source;
        QVariantMap trigger {
            {QStringLiteral("manual"), str(s.trigger.manual)}, {QStringLiteral("schedule"), opt(s.trigger.schedule)}};
        QVariantMap src {
            {QStringLiteral("cluster"), str(s.cluster)},
            {QStringLiteral("namespace"), str(s.namespaceName)},
            {QStringLiteral("pvcname"), str(s.pvcName)},
            {QStringLiteral("rsname"), str(s.rsName)},
            {QStringLiteral("trigger"), trigger},
        };
        if (s.paused)
            src.insert(QStringLiteral("paused"), true);
        if (s.pendingRestore)
            src.insert(QStringLiteral("restoreschedule"),
                QVariantMap {{QStringLiteral("schedule"), str(s.pendingRestore->schedule)},
                    {QStringLiteral("pid"), qlonglong(s.pendingRestore->pid)}});
        if (rel.version >= 2) {
            src.insert(kSrcOpts, sourceOptionsTree(s));
            src.insert(QStringLiteral("moversecuritycontext"), securityContextTree(s.moverSecurityContext));
        } else {
            src.insert(QStringLiteral("source"),
                QVariantMap {{kSrcOpts, sourceOptionsTree(s)}, {QStringLiteral("address"), opt(s.address)},
                    {QStringLiteral("sshkeys"), opt(s.sshKeys)}});
        }
        data.insert(QStringLiteral("source"), src);
    }
    if (rel.destination) {
        const ReplicationDestinationSide &d = *rel.destination;
        QVariantMap dst {
            {QStringLiteral("cluster"), str(d.cluster)},
            {QStringLiteral("namespace"), str(d.namespaceName)},
            {QStringLiteral("rdname"), str(d.rdName)},
        };
        if (rel.version >= 2) {
            dst.insert(kDstOpts, destinationOptionsTree(d));
            dst.insert(QStringLiteral("servicetype"), opt(d.serviceType));
            dst.insert(QStringLiteral("moversecuritycontext"), securityContextTree(d.moverSecurityContext));
        } else {
            dst.insert(QStringLiteral("destination"),
                QVariantMap {
                    {kDstOpts, destinationOptionsTree(d)}, {QStringLiteral("servicetype"), opt(d.serviceType)}});
        }
        data.insert(QStringLiteral("destination"), dst);
    }
    return {
        {QStringLiteral("type"), QStringLiteral("replication")},
        {QStringLiteral("id"), str(rel.id)},
        {QStringLiteral("data"), data},
    };
}

// Keys we own at each level; other keys found in a file are written back unchanged.
const QHash<QString, QStringList> &knownKeys()
{
    static const QStringList srcOpts {QStringLiteral("copymethod"), QStringLiteral("accessmodes"),
        QStringLiteral("capacity"), QStringLiteral("storageclassname"), QStringLiteral("volumesnapshotclassname")};
    static const QStringList dstOpts
        = srcOpts + QStringList {QStringLiteral("destinationpvc"), QStringLiteral("cleanuptemppvc")};
    static const QStringList security {QStringLiteral("runasuser"), QStringLiteral("runasgroup"),
        QStringLiteral("fsgroup"), QStringLiteral("runasnonroot"), QStringLiteral("seccompprofile")};
    static const QHash<QString, QStringList> keys {
        {QString(), {QStringLiteral("type"), QStringLiteral("id"), QStringLiteral("data")}},
        {QStringLiteral("data"),
            {QStringLiteral("version"), QStringLiteral("isrsynctls"), QStringLiteral("source"),
                QStringLiteral("destination")}},
        {QStringLiteral("data.source"),
            {QStringLiteral("cluster"), QStringLiteral("namespace"), QStringLiteral("pvcname"),
                QStringLiteral("rsname"), QStringLiteral("source"), QStringLiteral("trigger"), kSrcOpts,
                QStringLiteral("moversecuritycontext"), QStringLiteral("restoreschedule"), QStringLiteral("paused")}},
        {QStringLiteral("data.source.restoreschedule"), {QStringLiteral("schedule"), QStringLiteral("pid")}},
        {QStringLiteral("data.source.source"), {kSrcOpts, QStringLiteral("address"), QStringLiteral("sshkeys")}},
        {QStringLiteral("data.source.source.") + kSrcOpts, srcOpts},
        {QStringLiteral("data.source.") + kSrcOpts, srcOpts},
        {QStringLiteral("data.source.trigger"), {QStringLiteral("schedule"), QStringLiteral("manual")}},
        {QStringLiteral("data.source.moversecuritycontext"), security},
        {QStringLiteral("data.source.moversecuritycontext.seccompprofile"), {QStringLiteral("type")}},
        {QStringLiteral("data.destination"),
            {QStringLiteral("cluster"), QStringLiteral("namespace"), QStringLiteral("rdname"),
                QStringLiteral("destination"), kDstOpts, QStringLiteral("servicetype"),
                QStringLiteral("moversecuritycontext")}},
        {QStringLiteral("data.destination.destination"), {kDstOpts, QStringLiteral("servicetype")}},
        {QStringLiteral("data.destination.destination.") + kDstOpts, dstOpts},
        {QStringLiteral("data.destination.") + kDstOpts, dstOpts},
        {QStringLiteral("data.destination.moversecuritycontext"), security},
        {QStringLiteral("data.destination.moversecuritycontext.seccompprofile"), {QStringLiteral("type")}},
    };
    return keys;
}

QVariantMap overlay(const QVariantMap &base, const QVariantMap &known, const QString &path)
{
    const QStringList owned = knownKeys().value(path);
    QVariantMap out;
    for (auto it = base.cbegin(); it != base.cend(); ++it) {
        if (!owned.contains(it.key()))
            out.insert(it.key(), it.value());
    }
    for (auto it = known.cbegin(); it != known.cend(); ++it) {
        const QString childPath = TreeReader::join(path, it.key());
        if (it.value().typeId() == QMetaType::QVariantMap && knownKeys().contains(childPath))
            out.insert(it.key(), overlay(base.value(it.key()).toMap(), it.value().toMap(), childPath));
        else
            out.insert(it.key(), it.value());
    }
    return out;
}

bool setOwnerOnly(QSaveFile &file)
{
    return file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

/// Reads a relationship file: a regular file (links followed) of sane size only.
bool readRelationshipFile(const QString &path, QByteArray *text, QString *error)
{
    QString reason;
    if (!readRegularFile(path, MaxRelationshipFileBytes, text, &reason)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, reason);
        return false;
    }
    return true;
}

/// How long a writer waits for another one (the GUI, volsyncctl, a second volsyncctl) to finish.
constexpr int kLockWaitMs = 20000;
/// A lock older than this whose owner is not known to be gone is taken over (Qt also takes over at once a
/// lock whose process has died, e.g. after kill -9).
constexpr int kStaleLockMs = 60000;

/// QLockFile creates its file and then writes the owner's process id into it. A process killed between the two
/// leaves an empty lock that QLockFile takes over only after kStaleLockMs; one that is still empty after this
/// long has no owner.
constexpr int kEmptyLockGraceMs = 2000;

/// Whether `lock`'s file names no owner and has done so for longer than a writer takes to write its name.
bool isEmptyAndAbandoned(const QLockFile &lock)
{
    qint64 pid = 0;
    QString host;
    QString application;
    if (lock.getLockInfo(&pid, &host, &application))
        return false;
    const QFileInfo info(lock.fileName());
    return info.exists() && info.lastModified().msecsTo(QDateTime::currentDateTime()) > kEmptyLockGraceMs;
}

/// Holds the lock file beside a relationship file for one read-modify-write.
class FileLock
{
public:
    explicit FileLock(const QString &path)
        : mLock(path + QStringLiteral(".lock"))
    {
        mLock.setStaleLockTime(kStaleLockMs);
    }

    bool lock(const QString &path, QString *error)
    {
        const QDeadlineTimer deadline(kLockWaitMs);
        while (!mLock.tryLock(int(qMin<qint64>(250, deadline.remainingTime())))) {
            if (mLock.error() == QLockFile::LockFailedError && isEmptyAndAbandoned(mLock)) {
                mLock.removeStaleLockFile();
                continue;
            }
            if (mLock.error() != QLockFile::LockFailedError || deadline.hasExpired())
                return fail(path, error);
        }
        return true;
    }

private:
    bool fail(const QString &path, QString *error) const
    {
        qint64 pid = 0;
        QString host;
        QString application;
        mLock.getLockInfo(&pid, &host, &application);
        if (mLock.error() == QLockFile::LockFailedError)
            *error = QStringLiteral("%1 is being changed by another program (%2, process %3) for more than %4 s; "
                                    "try again when it has finished")
                         .arg(path, application.isEmpty() ? QStringLiteral("unknown") : application)
                         .arg(pid)
                         .arg(kLockWaitMs / 1000);
        else
            *error = QStringLiteral("cannot lock %1: cannot create %2 (check the folder's permissions)")
                         .arg(path, mLock.fileName());
        return false;
    }

    QLockFile mLock;
};

/// A process killed between removing a relationship file and releasing its lock leaves NAME.yaml.lock behind,
/// and nothing would ever take that lock again. Taking it at once succeeds only when its owner is gone (QLockFile
/// checks the process), and releasing it removes the file; a lock a live process holds is left alone.
void removeAbandonedLock(const QString &path)
{
    if (!QFileInfo::exists(path + QStringLiteral(".lock")))
        return;
    QLockFile lock(path + QStringLiteral(".lock"));
    lock.setStaleLockTime(kStaleLockMs);
    bool locked = lock.tryLock(0);
    if (!locked && isEmptyAndAbandoned(lock) && lock.removeStaleLockFile())
        locked = lock.tryLock(0);
    if (locked)
        lock.unlock();
}

} // namespace

RelationshipStore::RelationshipStore(const QString &configDir)
    : mConfigDir(configDir.isEmpty() ? defaultConfigDir() : configDir)
{ }

QString RelationshipStore::defaultConfigDir()
{
    return QDir::homePath() + QStringLiteral("/.volsync");
}

QString RelationshipStore::filePath(const QString &name) const
{
    return QDir(mConfigDir).filePath(name + QStringLiteral(".yaml"));
}

std::optional<QString> RelationshipStore::validateName(const QString &name)
{
    return RelationshipName::problemForExisting(name);
}

bool RelationshipStore::exists(const QString &name) const
{
    return QFileInfo::exists(filePath(name));
}

std::optional<ReplicationRelationship> RelationshipStore::create(
    const QString &name, bool rsyncTls, QString *error, const QString &id) const
{
    if (const auto problem = RelationshipName::problemForNew(name)) {
        *error = *problem;
        return std::nullopt;
    }
    if (exists(name)) {
        *error = QStringLiteral("unable to create relationship: relationship exists");
        return std::nullopt;
    }
    ReplicationRelationship rel;
    rel.name = name;
    rel.id = id.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : id;
    rel.version = rsyncTls ? 2 : 1;
    rel.rsyncTls = rsyncTls;
    if (!ensureConfigDir(error)) {
        *error = QStringLiteral("unable to create relationship: ") + *error;
        return std::nullopt;
    }
    const QString path = filePath(name);
    // Exclusive without the lock (so that many creators do not queue for it), and even against writers that
    // do not lock (kubectl-volsync): the complete file is written under a temporary name and then hard-linked
    // to its name, which fails when the name exists.
    QTemporaryFile temporary(QDir(mConfigDir).filePath(QStringLiteral(".%1.XXXXXX.new").arg(name)));
    if (!temporary.open() || temporary.write(serialize(rel)) < 0 || !temporary.flush()
        || ::fsync(temporary.handle()) != 0) {
        *error = QStringLiteral("unable to create relationship: cannot write %1: %2")
                     .arg(temporary.fileName(), temporary.errorString());
        return std::nullopt;
    }
    temporary.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (::link(QFile::encodeName(temporary.fileName()).constData(), QFile::encodeName(path).constData()) != 0) {
        const int code = errno;
        *error = code == EEXIST ? QStringLiteral("unable to create relationship: relationship exists")
                                : QStringLiteral("unable to create relationship: cannot create %1: %2")
                                      .arg(path, QString::fromLocal8Bit(std::strerror(code)));
        return std::nullopt;
    }
    return rel;
}

bool RelationshipStore::ensureConfigDir(QString *error) const
{
    if (QDir(mConfigDir).exists())
        return true;
    if (!QDir().mkpath(mConfigDir)) {
        *error = QStringLiteral("cannot create the folder %1").arg(mConfigDir);
        return false;
    }
    // As upstream: owner rwx, others may traverse.
    QFile::setPermissions(mConfigDir,
        QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner | QFileDevice::ExeGroup
            | QFileDevice::ExeOther);
    return true;
}

std::optional<ReplicationRelationship> RelationshipStore::update(
    const QString &name, const std::function<bool(ReplicationRelationship *, QString *)> &change, QString *error) const
{
    if (const auto problem = validateName(name)) {
        *error = *problem;
        return std::nullopt;
    }
    const QString path = filePath(name);
    FileLock lock(path);
    if (!lock.lock(path, error))
        return std::nullopt;
    // Read again under the lock: another writer may have changed the file since the caller read it.
    auto current = load(name, error);
    if (!current) {
        if (!QFileInfo::exists(path) && !QFileInfo(path).isSymLink())
            *error = QStringLiteral("relationship %1 was deleted meanwhile (%2 is gone); nothing was saved")
                         .arg(name, path);
        return std::nullopt;
    }
    if (!change(&*current, error))
        return std::nullopt;
    current->name = name;
    if (!write(*current, false, error))
        return std::nullopt;
    return current;
}

namespace {
std::atomic<int> gMainThreadLoads {0};

void countMainThreadLoad()
{
    if (QCoreApplication *app = QCoreApplication::instance(); app && QThread::currentThread() == app->thread())
        ++gMainThreadLoads;
}
} // namespace

int RelationshipStore::mainThreadLoads()
{
    return gMainThreadLoads.load();
}

std::optional<QByteArray> RelationshipStore::readText(const QString &name, QString *error) const
{
    countMainThreadLoad();
    if (const auto problem = validateName(name)) {
        *error = *problem;
        return std::nullopt;
    }
    QByteArray text;
    if (!readRelationshipFile(filePath(name), &text, error))
        return std::nullopt;
    return text;
}

std::optional<ReplicationRelationship> RelationshipStore::load(const QString &name, QString *error) const
{
    countMainThreadLoad();
    if (const auto problem = validateName(name)) {
        *error = *problem;
        return std::nullopt;
    }
    const QString path = filePath(name);
    if (!QFileInfo::exists(path) && !QFileInfo(path).isSymLink()) {
        *error = QStringLiteral("relationship \"%1\" not found in %2").arg(name, QDir::toNativeSeparators(mConfigDir));
        removeAbandonedLock(path);
        return std::nullopt;
    }
    QByteArray text;
    if (!readRelationshipFile(path, &text, error))
        return std::nullopt;
    auto rel = parse(text, path, error);
    if (rel)
        rel->name = name;
    return rel;
}

std::optional<ReplicationRelationship> RelationshipStore::parse(
    const QByteArray &text, const QString &path, QString *error)
{
    QVariant tree;
    QHash<QString, int> lines;
    QString parseError;
    if (!YamlTree::parse(text, &tree, &parseError, &lines)) {
        *error = QStringLiteral("cannot parse %1: %2").arg(path, parseError);
        return std::nullopt;
    }
    if (tree.isValid() && tree.typeId() != QMetaType::QVariantMap) {
        *error = QStringLiteral("cannot parse %1: line 1: the file is not a YAML mapping").arg(path);
        return std::nullopt;
    }
    const QVariantMap root = tree.toMap();
    TreeReader r(lines, path);
    ReplicationRelationship rel;
    rel.raw = root;
    if (r.string(root, QString(), QStringLiteral("type")) != QLatin1String("replication")) {
        *error = QStringLiteral("relationship is not of the correct type");
        return std::nullopt;
    }
    rel.id = r.string(root, QString(), QStringLiteral("id"));
    const QVariantMap data = r.map(root, QString(), QStringLiteral("data"));
    rel.version = int(r.optInt(data, QStringLiteral("data"), QStringLiteral("version")).value_or(0));
    if (r.failed()) {
        *error = r.error();
        return std::nullopt;
    }
    if (rel.version != 1 && rel.version != 2) {
        *error = QStringLiteral("unsupported config file version %1").arg(rel.version);
        return std::nullopt;
    }
    rel.rsyncTls
        = rel.version == 2 && r.optBool(data, QStringLiteral("data"), QStringLiteral("isrsynctls")).value_or(true);

    if (data.contains(QStringLiteral("source"))) {
        const QString p = QStringLiteral("data.source");
        const QVariantMap m = r.map(data, QStringLiteral("data"), QStringLiteral("source"));
        ReplicationSourceSide s;
        s.cluster = r.string(m, p, QStringLiteral("cluster"));
        s.namespaceName = r.string(m, p, QStringLiteral("namespace"));
        s.pvcName = r.string(m, p, QStringLiteral("pvcname"));
        s.rsName = r.string(m, p, QStringLiteral("rsname"));
        if (rel.version == 1) {
            const QString sp = p + QStringLiteral(".source");
            const QVariantMap inner = r.map(m, p, QStringLiteral("source"));
            readSourceOptions(r, r.map(inner, sp, kSrcOpts), TreeReader::join(sp, kSrcOpts), &s);
            s.address = r.optString(inner, sp, QStringLiteral("address"));
            s.sshKeys = r.optString(inner, sp, QStringLiteral("sshkeys"));
        } else {
            readSourceOptions(r, r.map(m, p, kSrcOpts), TreeReader::join(p, kSrcOpts), &s);
            s.moverSecurityContext = readSecurityContext(
                r, r.map(m, p, QStringLiteral("moversecuritycontext")), p + QStringLiteral(".moversecuritycontext"));
        }
        const QString tp = p + QStringLiteral(".trigger");
        const QVariantMap trigger = r.map(m, p, QStringLiteral("trigger"));
        s.trigger.schedule = r.optString(trigger, tp, QStringLiteral("schedule"));
        s.trigger.manual = r.string(trigger, tp, QStringLiteral("manual"));
        s.paused = r.optBool(m, p, QStringLiteral("paused")).value_or(false);
        if (m.contains(QStringLiteral("restoreschedule"))) {
            const QString rp = p + QStringLiteral(".restoreschedule");
            const QVariantMap restore = r.map(m, p, QStringLiteral("restoreschedule"));
            s.pendingRestore = PendingScheduleRestore {r.string(restore, rp, QStringLiteral("schedule")),
                r.optInt(restore, rp, QStringLiteral("pid")).value_or(0)};
        }
        rel.source = s;
    }
    if (data.contains(QStringLiteral("destination"))) {
        const QString p = QStringLiteral("data.destination");
        const QVariantMap m = r.map(data, QStringLiteral("data"), QStringLiteral("destination"));
        ReplicationDestinationSide d;
        d.cluster = r.string(m, p, QStringLiteral("cluster"));
        d.namespaceName = r.string(m, p, QStringLiteral("namespace"));
        d.rdName = r.string(m, p, QStringLiteral("rdname"));
        if (rel.version == 1) {
            const QString dp = p + QStringLiteral(".destination");
            const QVariantMap inner = r.map(m, p, QStringLiteral("destination"));
            readDestinationOptions(r, r.map(inner, dp, kDstOpts), TreeReader::join(dp, kDstOpts), &d);
            d.serviceType = r.optString(inner, dp, QStringLiteral("servicetype"));
        } else {
            readDestinationOptions(r, r.map(m, p, kDstOpts), TreeReader::join(p, kDstOpts), &d);
            d.serviceType = r.optString(m, p, QStringLiteral("servicetype"));
            d.moverSecurityContext = readSecurityContext(
                r, r.map(m, p, QStringLiteral("moversecuritycontext")), p + QStringLiteral(".moversecuritycontext"));
        }
        rel.destination = d;
    }
    if (r.failed()) {
        *error = r.error();
        return std::nullopt;
    }
    return rel;
}

namespace {
std::atomic<int> gMainThreadSerializations {0};
} // namespace

int mainThreadRelationshipSerializations()
{
    return gMainThreadSerializations.load();
}

QByteArray RelationshipStore::serialize(const ReplicationRelationship &relationship)
{
    if (QCoreApplication *app = QCoreApplication::instance(); app && QThread::currentThread() == app->thread())
        ++gMainThreadSerializations;
    return YamlTree::write(overlay(relationship.raw, knownTree(relationship), QString()));
}

bool RelationshipStore::save(const ReplicationRelationship &relationship, QString *error) const
{
    if (const auto problem = validateName(relationship.name)) {
        *error = *problem;
        return false;
    }
    if (!ensureConfigDir(error))
        return false;
    const QString path = filePath(relationship.name);
    FileLock lock(path);
    if (!lock.lock(path, error))
        return false;
    return write(relationship, true, error);
}

bool RelationshipStore::write(const ReplicationRelationship &relationship, bool checkExisting, QString *error) const
{
    const QString path = filePath(relationship.name);
    const bool isNew = !QFileInfo::exists(path);
    if (!isNew && checkExisting) {
        QByteArray text;
        QString parseError;
        if (!readRelationshipFile(path, &text, &parseError) || !parse(text, path, &parseError)) {
            *error = QStringLiteral("refusing to overwrite %1, which cannot be read (%2); fix or move it first")
                         .arg(path, parseError);
            return false;
        }
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    if (isNew)
        setOwnerOnly(file);
    file.write(serialize(relationship));
    if (!file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool RelationshipStore::remove(const QString &name, QString *error) const
{
    if (const auto problem = validateName(name)) {
        *error = *problem;
        return false;
    }
    const QString path = filePath(name);
    FileLock lock(path);
    if (!lock.lock(path, error))
        return false;
    QFile file(path);
    if (!file.exists() && !QFileInfo(path).isSymLink()) {
        *error = QStringLiteral("relationship \"%1\" not found in %2").arg(name, QDir::toNativeSeparators(mConfigDir));
        return false;
    }
    if (!file.remove()) {
        *error = QStringLiteral("cannot remove %1: %2").arg(file.fileName(), file.errorString());
        return false;
    }
    return true;
}

void RelationshipStore::upgradeToRsyncTls(ReplicationRelationship *relationship)
{
    relationship->version = 2;
    relationship->rsyncTls = true;
    if (relationship->source) {
        // The SSH address and key Secret of version 1 have no place in version 2.
        relationship->source->address.reset();
        relationship->source->sshKeys.reset();
    }
}

namespace {
std::atomic<int> gMainThreadListings {0};
} // namespace

int RelationshipStore::mainThreadListings()
{
    return gMainThreadListings.load();
}

RelationshipStore::Listing RelationshipStore::list() const
{
    if (QCoreApplication *app = QCoreApplication::instance(); app && QThread::currentThread() == app->thread())
        ++gMainThreadListings;
    Listing listing;
    const QDir dir(mConfigDir);
    const QStringList files = dir.entryList(
        {QStringLiteral("*.yaml")}, QDir::Files | QDir::System | QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QString &fileName : files) {
        const QString name = fileName.chopped(5);
        if (validateName(name))
            continue;
        QFile file(dir.filePath(fileName));
        QByteArray text;
        QString error;
        // Each file on its own: one that is a FIFO, huge or an alias bomb is a problem of that file only.
        if (!readRelationshipFile(file.fileName(), &text, &error)) {
            listing.problems.append(error);
            continue;
        }
        QVariant tree;
        if (YamlTree::parse(text, &tree, &error) && tree.typeId() == QMetaType::QVariantMap
            && tree.toMap().value(QStringLiteral("type")).toString() == QLatin1String("migration"))
            continue;
        auto rel = parse(text, file.fileName(), &error);
        if (!rel) {
            if (!error.startsWith(file.fileName()) && !error.startsWith(QLatin1String("cannot parse")))
                error = file.fileName() + QStringLiteral(": ") + error;
            listing.problems.append(error);
            continue;
        }
        rel->name = name;
        listing.relationships.append(*rel);
    }
    return listing;
}
