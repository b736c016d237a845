// SPDX-License-Identifier: GPL-3.0-or-later
#include "relationshipstore.h"

#include "relationshipname.h"

#include "yamltree.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>
#include <QSaveFile>
#include <QUuid>

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
    if (!save(rel, error)) {
        *error = QStringLiteral("unable to create relationship: ") + *error;
        return std::nullopt;
    }
    return rel;
}

std::optional<ReplicationRelationship> RelationshipStore::load(const QString &name, QString *error) const
{
    if (const auto problem = validateName(name)) {
        *error = *problem;
        return std::nullopt;
    }
    const QString path = filePath(name);
    QFile file(path);
    if (!file.exists()) {
        *error = QStringLiteral("relationship \"%1\" not found in %2").arg(name, QDir::toNativeSeparators(mConfigDir));
        return std::nullopt;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    auto rel = parse(file.readAll(), path, error);
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

QByteArray RelationshipStore::serialize(const ReplicationRelationship &relationship)
{
    return YamlTree::write(overlay(relationship.raw, knownTree(relationship), QString()));
}

bool RelationshipStore::save(const ReplicationRelationship &relationship, QString *error) const
{
    if (const auto problem = validateName(relationship.name)) {
        *error = *problem;
        return false;
    }
    const QString path = filePath(relationship.name);
    const bool isNew = !QFileInfo::exists(path);
    if (!isNew) {
        QFile existing(path);
        if (!existing.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read %1: %2").arg(path, existing.errorString());
            return false;
        }
        QString parseError;
        if (!parse(existing.readAll(), path, &parseError)) {
            *error = QStringLiteral("refusing to overwrite %1, which cannot be read (%2); fix or move it first")
                         .arg(path, parseError);
            return false;
        }
    }
    QDir dir(mConfigDir);
    if (!dir.exists()) {
        if (!QDir().mkpath(mConfigDir)) {
            *error = QStringLiteral("cannot create the folder %1").arg(mConfigDir);
            return false;
        }
        // As upstream: owner rwx, others may traverse.
        QFile::setPermissions(mConfigDir,
            QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner | QFileDevice::ExeGroup
                | QFileDevice::ExeOther);
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
    QFile file(filePath(name));
    if (!file.exists()) {
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

RelationshipStore::Listing RelationshipStore::list() const
{
    Listing listing;
    const QDir dir(mConfigDir);
    const QStringList files = dir.entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name);
    for (const QString &fileName : files) {
        const QString name = fileName.chopped(5);
        if (validateName(name))
            continue;
        QFile file(dir.filePath(fileName));
        if (!file.open(QIODevice::ReadOnly)) {
            listing.problems.append(QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString()));
            continue;
        }
        const QByteArray text = file.readAll();
        QVariant tree;
        QString error;
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
