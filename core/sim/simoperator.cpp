// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simoperator.h"

#include "common/cronschedule.h"
#include "common/godurations.h"
#include "common/logging.h"
#include "common/volsyncnames.h"
#include "sim/simcluster.h"
#include "sim/simfleetmovers.h"
#include "sim/simkeygenerator.h"
#include "sim/simmoverjobs.h"
#include "sim/simquantity.h"
#include "sim/simscenarios.h"
#include "sim/simvolumecontent.h"
#include "sim/simvolumecontroller.h"

#include <QJsonArray>
#include <QLocale>
#include <QTimer>

#include <algorithm>
#include <cmath>

namespace {

const QString kRS = QStringLiteral("replicationsources");
const QString kRD = QStringLiteral("replicationdestinations");
const QString kPVC = QStringLiteral("persistentvolumeclaims");
const QString kSecrets = QStringLiteral("secrets");
const QString kServices = QStringLiteral("services");
const QString kSnapshots = QStringLiteral("volumesnapshots");
const QString kNamespaces = QStringLiteral("namespaces");
const QString kSynchronizing = QStringLiteral("Synchronizing");
const QString kVolSyncApiVersion = QStringLiteral("volsync.backube/v1alpha1");

QString objectKey(const QString &cluster, const QString &ns, const QString &name)
{
    return cluster + QLatin1Char('/') + ns + QLatin1Char('/') + name;
}

QJsonObject metadataOf(const QJsonObject &object)
{
    return object.value(QStringLiteral("metadata")).toObject();
}

QString uidOf(const QJsonObject &object)
{
    return metadataOf(object).value(QStringLiteral("uid")).toString();
}

QString str(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toString();
}

QJsonObject obj(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toObject();
}

QJsonObject ownerReference(const QString &kind, const QJsonObject &owner)
{
    return QJsonObject {{QStringLiteral("apiVersion"), kVolSyncApiVersion}, {QStringLiteral("kind"), kind},
        {QStringLiteral("name"), metadataOf(owner).value(QStringLiteral("name"))},
        {QStringLiteral("uid"), uidOf(owner)}, {QStringLiteral("controller"), true},
        {QStringLiteral("blockOwnerDeletion"), true}};
}

QJsonObject ownedMetadata(const QString &name, const QString &kind, const QJsonObject &owner)
{
    return QJsonObject {{QStringLiteral("name"), name},
        {QStringLiteral("labels"),
            QJsonObject {{QStringLiteral("app.kubernetes.io/created-by"), QStringLiteral("volsync")},
                {QStringLiteral("volsync.backube/cleanup"), uidOf(owner)}}},
        {QStringLiteral("ownerReferences"), QJsonArray {ownerReference(kind, owner)}}};
}

// The owner of kind `kind` named in ownerReferences, or "".
QString ownerName(const QJsonObject &object, const QString &kind)
{
    const QJsonArray owners = metadataOf(object).value(QStringLiteral("ownerReferences")).toArray();
    for (const QJsonValue &owner : owners) {
        if (owner.toObject().value(QStringLiteral("kind")).toString() == kind) {
            return owner.toObject().value(QStringLiteral("name")).toString();
        }
    }
    return {};
}

QByteArray secretValue(const QJsonObject &secret, const QString &key)
{
    const QJsonObject data = secret.value(QStringLiteral("data")).toObject();
    if (data.contains(key)) {
        return QByteArray::fromBase64(data.value(key).toString().toLatin1());
    }
    return secret.value(QStringLiteral("stringData")).toObject().value(key).toString().toUtf8();
}

QString base64(const QByteArray &value)
{
    return QString::fromLatin1(value.toBase64());
}

QString thousands(qint64 value)
{
    return QLocale(QLocale::English).toString(value);
}

QString condition(const QJsonObject &status, QString *reason = nullptr, QString *message = nullptr)
{
    const QJsonArray conditions = status.value(QStringLiteral("conditions")).toArray();
    for (const QJsonValue &value : conditions) {
        const QJsonObject c = value.toObject();
        if (c.value(QStringLiteral("type")).toString() == kSynchronizing) {
            if (reason) {
                *reason = c.value(QStringLiteral("reason")).toString();
            }
            if (message) {
                *message = c.value(QStringLiteral("message")).toString();
            }
            return c.value(QStringLiteral("status")).toString();
        }
    }
    return {};
}

QDateTime parseTime(const QString &text)
{
    if (text.isEmpty()) {
        return {};
    }
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid()) {
        time = QDateTime::fromString(text, Qt::ISODate);
    }
    return time.toUTC();
}

} // namespace

struct SimOperator::SourceState {
    QString uid;
    bool running = false;
    QDateTime started; ///< simulated start of the running attempt
    qint64 plannedMs = 0; ///< simulated length of the running attempt
    int failures = 0; ///< consecutive failed attempts
    QDateTime notBefore; ///< no new run before then (back-off, continuous gap); invalid: none
    QString failAnnotation; ///< last value of kFailNextSyncsAnnotation seen
    QTimer *timer = nullptr; ///< child of the operator: the end of the running attempt, or the next look
    ~SourceState()
    {
        timer->stop();
        timer->deleteLater(); // may be running its own timeout
    }
};

struct SimOperator::DestinationState {
    QString uid;
    bool generatingKeys = false;
    QDateTime loadBalancerReadyAt;
    QTimer *timer = nullptr; ///< child of the operator
    ~DestinationState()
    {
        timer->stop();
        timer->deleteLater();
    }
};

struct SimOperator::Destination {
    QString cluster;
    QString ns;
    QString name;
};

SimOperator::SimOperator(const SimOperatorOptions &options, QObject *parent)
    : QObject(parent)
    , mOptions(options)
    , mClock(options.timeScale)
    , mRandom(options.randomSeed)
    , mKeys(new SimKeyGenerator(this))
    , mMoverJobs(new SimMoverJobs(options.randomSeed, this))
    , mVolumes(new SimVolumeController(&mClock, &mOptions, this))
{
    mKeys->setUseRealKeys(options.realSshKeys);
    mFleetMovers = new SimFleetMovers(&mClock, this);
}

SimOperator::~SimOperator()
{
    clear();
}

void SimOperator::clear()
{
    for (const QMetaObject::Connection &connection : std::as_const(mConnections)) {
        disconnect(connection);
    }
    mConnections.clear();
    mVolumes->clear();
    mSources.clear();
    mDestinations.clear();
    mStores.clear();
    mAddresses.clear();
    mClusters.clear();
    mQueued.clear();
    delete mFleetMovers;
    mFleetMovers = new SimFleetMovers(&mClock, this);
}

void SimOperator::addCluster(SimCluster *cluster)
{
    mClusters.insert(cluster->name(), cluster);
    attach(cluster->store(), cluster);
}

void SimOperator::addStore(SimStore *store)
{
    attach(store, nullptr);
}

void SimOperator::attach(SimStore *store, SimCluster *cluster)
{
    Q_UNUSED(cluster)
    const QString name = store->clusterName();
    mStores.insert(name, store);
    mAddresses.remove(name);
    store->setClock([this] { return mClock.now(); });
    mVolumes->attach(store);
    mFleetMovers->addStore(store);
    mConnections.append(connect(store, &SimStore::changed, this,
        [this, store](const QString &resource, SimEventType type, const QJsonObject &object) {
            onChanged(store, resource, type, object);
        }));
    // A fault scenario on an object (SimScenarios): look at it again.
    mConnections.append(connect(
        SimScenarios::of(store), &SimScenarios::changed, this, [this, name](const QString &ns, const QString &object) {
            if (object.isEmpty()) {
                queueNamespace(name, ns);
                return;
            }
            queue(kRD, name, ns, object);
            queue(kRS, name, ns, object);
        }));
    // Objects restored from a state folder: pick up where they were.
    for (const QString &resource : {kRD, kRS}) {
        const QList<QJsonObject> objects = store->list(resource);
        for (const QJsonObject &object : objects) {
            const QJsonObject meta = metadataOf(object);
            queue(resource, name, str(meta, "namespace"), str(meta, "name"));
        }
    }
}

void SimOperator::failNextSyncs(const QString &cluster, const QString &ns, const QString &name, int count)
{
    mFailNextFor.insert(objectKey(cluster, ns, name), count);
}

bool SimOperator::isSyncing(const QString &cluster, const QString &ns, const QString &name) const
{
    const auto state = mSources.value(objectKey(cluster, ns, name));
    return state && state->running;
}

QString SimOperator::timestamp() const
{
    return SimStore::formatTimestamp(mClock.now());
}

void SimOperator::onChanged(SimStore *store, const QString &resource, SimEventType type, const QJsonObject &object)
{
    const QString cluster = store->clusterName();
    const QJsonObject meta = metadataOf(object);
    const QString ns = str(meta, "namespace");
    const QString name = str(meta, "name");
    if (resource == kRS || resource == kRD) {
        queue(resource, cluster, ns, name);
    } else if (resource == kNamespaces) {
        queueNamespace(cluster, name);
    } else if (resource == kPVC || resource == kSecrets || resource == kServices) {
        // A missing PVC or Secret appeared, or a Secret/Service of an RD went away: look again.
        const QString owner = ownerName(object, QStringLiteral("ReplicationDestination"));
        if (!owner.isEmpty()) {
            if (type == SimEventType::Deleted) {
                queue(kRD, cluster, ns, owner);
            }
        } else if (type == SimEventType::Added) {
            queueNamespace(cluster, ns);
        }
    }
}

void SimOperator::queue(const QString &resource, const QString &cluster, const QString &ns, const QString &name)
{
    mQueued.insert(resource + QLatin1Char('|') + cluster + QLatin1Char('|') + ns + QLatin1Char('|') + name);
    if (!mQueueScheduled) {
        mQueueScheduled = true;
        QTimer::singleShot(0, this, &SimOperator::processQueue);
    }
}

void SimOperator::queueNamespace(const QString &cluster, const QString &ns)
{
    SimStore *s = store(cluster);
    if (!s) {
        return;
    }
    for (const QString &resource : {kRD, kRS}) {
        const QList<QJsonObject> objects = s->list(resource, ns);
        for (const QJsonObject &object : objects) {
            queue(resource, cluster, ns, str(metadataOf(object), "name"));
        }
    }
}

void SimOperator::processQueue()
{
    mQueueScheduled = false;
    // Destinations first, so that a source created together with its destination finds it.
    QStringList items(mQueued.cbegin(), mQueued.cend());
    mQueued.clear();
    std::sort(items.begin(), items.end());
    for (const QString &item : std::as_const(items)) {
        const QStringList parts = item.split(QLatin1Char('|'));
        if (parts.size() != 4 || !mStores.contains(parts.at(1))) {
            continue;
        }
        if (parts.at(0) == kRD) {
            reconcileDestination(parts.at(1), parts.at(2), parts.at(3));
        } else {
            reconcileSource(parts.at(1), parts.at(2), parts.at(3));
        }
    }
}

bool SimOperator::privilegedMoversAllowed(SimStore *s, const QString &ns) const
{
    const auto namespaceObject = s->get(kNamespaces, QString(), ns);
    if (!namespaceObject) {
        return false;
    }
    return metadataOf(*namespaceObject)
               .value(QStringLiteral("annotations"))
               .toObject()
               .value(QLatin1String(kPrivilegedMoversAnnotation))
               .toString()
        == QLatin1String("true");
}

double SimOperator::failRateFor(const QString &cluster) const
{
    double rate = mOptions.failRate;
    if (SimCluster *c = mClusters.value(cluster)) {
        rate = qMax(rate, c->faults().moverFailRate);
    }
    return rate;
}

qint64 SimOperator::backoffMs(int failures) const
{
    qint64 delay = mOptions.retryBaseMs;
    for (int i = 1; i < failures && delay < mOptions.retryMaxMs; ++i) {
        delay *= 2;
    }
    return qMin(delay, mOptions.retryMaxMs);
}

void SimOperator::armTimer(QTimer *timer, const QDateTime &when)
{
    // Far-away times (a yearly schedule at real speed) are looked at again after a day.
    timer->start(qMin(mClock.realMsUntil(when), 24 * 3600 * 1000));
}

void SimOperator::setCondition(SimStore *s, const QString &resource, const QString &ns, const QString &name,
    const QString &status, const QString &reason, const QString &message, QJsonObject extra)
{
    const auto current = s->get(resource, ns, name);
    if (!current) {
        return;
    }
    const QJsonObject currentStatus = obj(*current, "status");
    QString currentReason;
    QString currentMessage;
    const QString currentValue = condition(currentStatus, &currentReason, &currentMessage);
    if (currentValue != status || currentReason != reason || currentMessage != message) {
        QString transition = timestamp();
        const QJsonArray conditions = currentStatus.value(QStringLiteral("conditions")).toArray();
        QJsonArray updated;
        for (const QJsonValue &value : conditions) {
            const QJsonObject c = value.toObject();
            if (c.value(QStringLiteral("type")).toString() != kSynchronizing) {
                updated.append(c);
            } else if (currentValue == status) {
                transition = c.value(QStringLiteral("lastTransitionTime")).toString();
            }
        }
        QJsonObject c {{QStringLiteral("type"), kSynchronizing}, {QStringLiteral("status"), status},
            {QStringLiteral("reason"), reason}, {QStringLiteral("message"), message},
            {QStringLiteral("lastTransitionTime"), transition}};
        const qint64 generation = metadataOf(*current).value(QStringLiteral("generation")).toInteger();
        if (generation > 0) {
            c.insert(QStringLiteral("observedGeneration"), generation);
        }
        updated.append(c);
        extra.insert(QStringLiteral("conditions"), updated);
    }
    if (!extra.isEmpty()) {
        s->patchStatus(resource, ns, name, extra);
    }
}

void SimOperator::setError(
    SimStore *s, const QString &resource, const QString &ns, const QString &name, const QString &message)
{
    QString reason;
    QString currentMessage;
    const auto current = s->get(resource, ns, name);
    if (current && condition(obj(*current, "status"), &reason, &currentMessage) == QLatin1String("False")
        && reason == QLatin1String("Error") && currentMessage == message) {
        return;
    }
    qCInfo(lcSim).noquote() << s->clusterName() << resource << ns << name << message;
    setCondition(s, resource, ns, name, QStringLiteral("False"), QStringLiteral("Error"), message);
    Q_EMIT reconcileError(s->clusterName(), resource, ns, name, message);
}

QString SimOperator::allocateAddress(bool loadBalancer, SimStore *s)
{
    // Unique across every cluster for load balancers, unique in the cluster for ClusterIPs; addresses
    // restored from a state folder are skipped.
    for (;;) {
        const int n = mAddressCounter++;
        const QString address = loadBalancer
            ? QStringLiteral("172.18.%1.%2").arg(255 - (n / 250) % 200).arg(1 + n % 250)
            : QStringLiteral("10.96.%1.%2").arg(1 + (n / 250) % 250).arg(1 + n % 250);
        bool used = false;
        for (auto it = mStores.cbegin(); it != mStores.cend() && !used; ++it) {
            if (it.value() && (loadBalancer || it.value() == s)) {
                used = addressesOf(it.key(), *it.value()).isAllocated(address);
            }
        }
        if (!used) {
            return address;
        }
    }
}

// --- ReplicationDestination ----------------------------------------------------------------------------

// One reconcile of a ReplicationDestination: where it is, the object as read, and its mover's spec.
struct SimOperator::DestinationReconcile {
    QString cluster;
    QString ns;
    QString name;
    SimStore *store = nullptr;
    QJsonObject rd;
    DestinationState *state = nullptr;
    bool tls = false; ///< rsyncTLS, else rsync (SSH)
    QJsonObject mover; ///< spec.rsyncTLS or spec.rsync

    [[nodiscard]] QString moverField() const { return tls ? QStringLiteral("rsyncTLS") : QStringLiteral("rsync"); }
};

// Like upstream's rsync(-tls) destination mover: check the mover, provide the volume, the keys and the
// Service, then publish the address and the key Secret in the status. Each step either carries on or sets
// the status (an error, or "in progress" while waiting) and stops this reconcile.
void SimOperator::reconcileDestination(const QString &cluster, const QString &ns, const QString &name)
{
    SimStore *s = store(cluster);
    if (!s) {
        return;
    }
    const auto rd = s->get(kRD, ns, name);
    // The fleet world's restic/rclone/syncthing objects are run by SimFleetMovers.
    if (!rd || metadataOf(*rd).contains(QStringLiteral("deletionTimestamp")) || SimFleetMovers::operates(*rd)) {
        mDestinations.remove(objectKey(cluster, ns, name));
        return;
    }
    DestinationReconcile r;
    r.cluster = cluster;
    r.ns = ns;
    r.name = name;
    r.store = s;
    r.rd = *rd;
    r.state = destinationStateFor(cluster, ns, name, *rd);
    if (!checkDestinationMover(r) || !ensureDestinationVolume(r)) {
        return;
    }
    const std::optional<QString> keySecret = ensureDestinationKeys(r);
    if (!keySecret) {
        return;
    }
    const QString serviceName = VolSyncNames::serviceName(false, r.tls, name);
    const std::optional<QJsonObject> service = ensureDestinationService(r, serviceName);
    if (!service) {
        return;
    }
    publishDestinationStatus(r, *keySecret, destinationAddress(r, serviceName, *service));
}

SimOperator::DestinationState *SimOperator::destinationStateFor(
    const QString &cluster, const QString &ns, const QString &name, const QJsonObject &rd)
{
    auto &state = mDestinations[objectKey(cluster, ns, name)];
    if (!state || state->uid != uidOf(rd)) {
        state = std::make_shared<DestinationState>();
        state->uid = uidOf(rd);
        state->timer = new QTimer(this);
        state->timer->setSingleShot(true);
        state->timer->setTimerType(Qt::PreciseTimer);
        connect(state->timer, &QTimer::timeout, this, [this, cluster, ns, name] { queue(kRD, cluster, ns, name); });
    }
    return state.get();
}

bool SimOperator::checkDestinationMover(DestinationReconcile &r)
{
    const QJsonObject spec = obj(r.rd, "spec");
    r.tls = spec.value(QStringLiteral("rsyncTLS")).isObject();
    if (!r.tls && !spec.value(QStringLiteral("rsync")).isObject()) {
        setError(r.store, kRD, r.ns, r.name,
            QStringLiteral("The simulated VolSync operator only runs the rsync and rsyncTLS movers: "
                           "set spec.rsync or spec.rsyncTLS."));
        return false;
    }
    r.mover = obj(spec, r.tls ? "rsyncTLS" : "rsync");
    if (!r.tls && !privilegedMoversAllowed(r.store, r.ns)) {
        setError(r.store, kRD, r.ns, r.name,
            QStringLiteral("The rsync (SSH) mover needs privileged movers, which namespace \"%1\" does not allow: "
                           "annotate it with volsync.backube/privileged-movers=\"true\".")
                .arg(r.ns));
        return false;
    }
    return true;
}

// Where the data lands: the named destinationPVC, or a PVC of the mover's capacity and access modes.
bool SimOperator::ensureDestinationVolume(const DestinationReconcile &r)
{
    SimStore *s = r.store;
    QString pvcName = str(r.mover, "destinationPVC");
    if (!pvcName.isEmpty()) {
        if (!s->get(kPVC, r.ns, pvcName)) {
            setError(s, kRD, r.ns, r.name,
                QStringLiteral("The destination PersistentVolumeClaim \"%1\" does not exist in namespace \"%2\": "
                               "create it or remove spec.%3.destinationPVC.")
                    .arg(pvcName, r.ns, r.moverField()));
            return false;
        }
        return true;
    }
    pvcName = QStringLiteral("volsync-%1-dst").arg(r.name);
    if (s->get(kPVC, r.ns, pvcName)) {
        return true;
    }
    const QJsonObject pvcScenario = SimScenarios::of(s)->find(QStringLiteral("pvcPending"), r.ns, r.name);
    if (str(pvcScenario, "reason") == QLatin1String("quota")) {
        setError(s, kRD, r.ns, r.name,
            QStringLiteral("persistentvolumeclaims \"%1\" is forbidden: exceeded quota: storage, requested: "
                           "requests.storage=%2, used: requests.storage=95Gi, limited: requests.storage=100Gi")
                .arg(pvcName, str(r.mover, "capacity")));
        return false;
    }
    const QString capacity = str(r.mover, "capacity");
    const QJsonArray accessModes = r.mover.value(QStringLiteral("accessModes")).toArray();
    if (capacity.isEmpty() || accessModes.isEmpty()) {
        setError(s, kRD, r.ns, r.name,
            QStringLiteral("Either destinationPVC or both capacity and accessModes must be set in spec.%1.")
                .arg(r.moverField()));
        return false;
    }
    QJsonObject pvcSpec {{QStringLiteral("accessModes"), accessModes},
        {QStringLiteral("resources"),
            QJsonObject {{QStringLiteral("requests"), QJsonObject {{QStringLiteral("storage"), capacity}}}}},
        {QStringLiteral("volumeMode"),
            r.mover.value(QStringLiteral("volumeMode")).toString(QStringLiteral("Filesystem"))}};
    if (!str(r.mover, "storageClassName").isEmpty()) {
        pvcSpec.insert(QStringLiteral("storageClassName"), str(r.mover, "storageClassName"));
    }
    const SimStoreResult created = s->create(kPVC, r.ns,
        QJsonObject {
            {QStringLiteral("metadata"), ownedMetadata(pvcName, QStringLiteral("ReplicationDestination"), r.rd)},
            {QStringLiteral("spec"), pvcSpec}});
    if (created.ok() && !pvcScenario.isEmpty()) {
        s->patchStatus(kPVC, r.ns, pvcName, QJsonObject {{QStringLiteral("phase"), QStringLiteral("Pending")}});
        mMoverJobs->pvcPending(s, created.object, str(pvcScenario, "reason"));
    } else if (created.ok()) {
        s->patchStatus(kPVC, r.ns, pvcName,
            QJsonObject {{QStringLiteral("phase"), QStringLiteral("Bound")},
                {QStringLiteral("accessModes"), accessModes},
                {QStringLiteral("capacity"), QJsonObject {{QStringLiteral("storage"), capacity}}}});
    }
    return true;
}

// The key Secret: the one the spec names, else a generated pre-shared key (rsyncTLS) or SSH key pairs
// (rsync, made in the background: the reconcile waits, "in progress", until they exist).
std::optional<QString> SimOperator::ensureDestinationKeys(const DestinationReconcile &r)
{
    SimStore *s = r.store;
    QString keySecret = str(r.mover, r.tls ? "keySecret" : "sshKeys");
    if (!keySecret.isEmpty()) {
        if (!s->get(kSecrets, r.ns, keySecret)) {
            setError(s, kRD, r.ns, r.name,
                QStringLiteral("The key Secret \"%1\" named in spec.%2.%3 does not exist in namespace \"%4\".")
                    .arg(keySecret, r.moverField(), r.tls ? QStringLiteral("keySecret") : QStringLiteral("sshKeys"),
                        r.ns));
            return std::nullopt;
        }
        return keySecret;
    }
    if (r.tls) {
        keySecret = QStringLiteral("volsync-rsync-tls-%1").arg(r.name);
        if (!s->get(kSecrets, r.ns, keySecret)) {
            QByteArray psk(32, Qt::Uninitialized);
            for (char &c : psk) {
                c = char(mRandom.bounded(256));
            }
            s->create(kSecrets, r.ns,
                QJsonObject {{QStringLiteral("metadata"),
                                 ownedMetadata(keySecret, QStringLiteral("ReplicationDestination"), r.rd)},
                    {QStringLiteral("type"), QStringLiteral("Opaque")},
                    {QStringLiteral("data"),
                        QJsonObject {
                            {QStringLiteral("psk.txt"), base64(QByteArrayLiteral("volsync:") + psk.toHex())}}}});
        }
        return keySecret;
    }
    keySecret = QStringLiteral("volsync-rsync-dst-src-%1").arg(r.name);
    if (s->get(kSecrets, r.ns, keySecret)) {
        return keySecret;
    }
    if (!r.state->generatingKeys) {
        r.state->generatingKeys = true;
        generateDestinationSshKeys(r.cluster, r.ns, r.name, r.state->uid);
    }
    setCondition(s, kRD, r.ns, r.name, QStringLiteral("True"), QStringLiteral("SyncInProgress"),
        QStringLiteral("Synchronization in-progress"));
    return std::nullopt;
}

// Makes the source and destination key pairs, then the three Secrets upstream's rsync mover keeps, and
// reconciles again. Dropped when the destination went away (or was replaced) meanwhile.
void SimOperator::generateDestinationSshKeys(
    const QString &cluster, const QString &ns, const QString &name, const QString &uid)
{
    const QString comment = QStringLiteral("volsync-%1").arg(name);
    mKeys->generate(
        comment + QStringLiteral("-src"), [this, cluster, ns, name, uid, comment](const SimKeyPair &source) {
            mKeys->generate(comment + QStringLiteral("-dst"),
                [this, cluster, ns, name, uid, source](const SimKeyPair &destination) {
                    SimStore *s = store(cluster);
                    const auto rd = s ? s->get(kRD, ns, name) : std::nullopt;
                    const auto state = mDestinations.value(objectKey(cluster, ns, name));
                    if (!rd || uidOf(*rd) != uid || !state) {
                        return;
                    }
                    state->generatingKeys = false;
                    const struct {
                        const char *prefix;
                        QJsonObject data;
                    } secrets[] = {
                        {"volsync-rsync-dst-main-",
                            {{QStringLiteral("source"), base64(source.privateKey)},
                                {QStringLiteral("source.pub"), base64(source.publicKey)},
                                {QStringLiteral("destination"), base64(destination.privateKey)},
                                {QStringLiteral("destination.pub"), base64(destination.publicKey)}}},
                        {"volsync-rsync-dst-src-",
                            {{QStringLiteral("source"), base64(source.privateKey)},
                                {QStringLiteral("source.pub"), base64(source.publicKey)},
                                {QStringLiteral("destination.pub"), base64(destination.publicKey)}}},
                        {"volsync-rsync-dst-dest-",
                            {{QStringLiteral("destination"), base64(destination.privateKey)},
                                {QStringLiteral("destination.pub"), base64(destination.publicKey)},
                                {QStringLiteral("source.pub"), base64(source.publicKey)}}},
                    };
                    for (const auto &secret : secrets) {
                        const QString secretName = QLatin1String(secret.prefix) + name;
                        if (!s->get(kSecrets, ns, secretName)) {
                            s->create(kSecrets, ns,
                                QJsonObject {
                                    {QStringLiteral("metadata"),
                                        ownedMetadata(secretName, QStringLiteral("ReplicationDestination"), *rd)},
                                    {QStringLiteral("type"), QStringLiteral("Opaque")},
                                    {QStringLiteral("data"), secret.data}});
                        }
                    }
                    queue(kRD, cluster, ns, name);
                });
        });
}

// The mover's Service, of the type the spec asks for (changed in place when the spec changed).
std::optional<QJsonObject> SimOperator::ensureDestinationService(
    const DestinationReconcile &r, const QString &serviceName)
{
    SimStore *s = r.store;
    const QString serviceType = r.mover.value(QStringLiteral("serviceType")).toString(QStringLiteral("ClusterIP"));
    auto service = s->get(kServices, r.ns, serviceName);
    if (service && str(obj(*service, "spec"), "type") != serviceType) {
        QJsonObject changed = *service;
        QJsonObject serviceSpec = obj(changed, "spec");
        serviceSpec.insert(QStringLiteral("type"), serviceType);
        changed.insert(QStringLiteral("spec"), serviceSpec);
        s->update(kServices, r.ns, changed);
        s->patchStatus(kServices, r.ns, serviceName, QJsonObject {{QStringLiteral("loadBalancer"), QJsonObject()}});
        r.state->loadBalancerReadyAt = {};
        service = s->get(kServices, r.ns, serviceName);
    }
    if (service) {
        return *service;
    }
    const int port = r.tls ? 8000 : 22;
    QJsonObject metadata = ownedMetadata(serviceName, QStringLiteral("ReplicationDestination"), r.rd);
    const QJsonObject annotations = r.mover.value(QStringLiteral("serviceAnnotations")).toObject();
    if (!annotations.isEmpty()) {
        metadata.insert(QStringLiteral("annotations"), annotations);
    }
    const SimStoreResult created = s->create(kServices, r.ns,
        QJsonObject {{QStringLiteral("metadata"), metadata},
            {QStringLiteral("spec"),
                QJsonObject {{QStringLiteral("type"), serviceType},
                    {QStringLiteral("clusterIP"), allocateAddress(false, s)},
                    {QStringLiteral("ports"),
                        QJsonArray {QJsonObject {{QStringLiteral("name"), SimMoverJobs::servicePortName(r.tls)},
                            {QStringLiteral("port"), port}, {QStringLiteral("protocol"), QStringLiteral("TCP")},
                            {QStringLiteral("targetPort"), r.tls ? 8000 : 8022}}}},
                    {QStringLiteral("selector"), SimMoverJobs::podSelector(false, r.tls, r.name)}}}});
    if (!created.ok()) {
        setError(s, kRD, r.ns, r.name,
            QStringLiteral("Could not create Service \"%1\": %2").arg(serviceName, created.message()));
        return std::nullopt;
    }
    return created.object;
}

// The address the source connects to: the cluster IP, or a load balancer's once it is "provisioned"
// (loadBalancerDelayMs after it was first asked for; empty until then, with a timer to come back).
QString SimOperator::destinationAddress(
    const DestinationReconcile &r, const QString &serviceName, const QJsonObject &service)
{
    const QString serviceType = r.mover.value(QStringLiteral("serviceType")).toString(QStringLiteral("ClusterIP"));
    if (serviceType != QLatin1String("LoadBalancer")) {
        return str(obj(service, "spec"), "clusterIP");
    }
    const QJsonArray ingress = obj(obj(service, "status"), "loadBalancer").value(QStringLiteral("ingress")).toArray();
    if (!ingress.isEmpty()) {
        const QJsonObject first = ingress.first().toObject();
        return first.contains(QStringLiteral("hostname")) ? str(first, "hostname") : str(first, "ip");
    }
    const QDateTime now = mClock.now();
    if (!r.state->loadBalancerReadyAt.isValid()) {
        r.state->loadBalancerReadyAt = now.addMSecs(mOptions.loadBalancerDelayMs);
    }
    if (now < r.state->loadBalancerReadyAt) {
        armTimer(r.state->timer, r.state->loadBalancerReadyAt);
        return {};
    }
    if (SimScenarios::of(r.store)->has(QStringLiteral("loadBalancerPending"), r.ns, r.name)) {
        // No address ever comes; VolSync warns again at each look (its ServiceAddressTimeout is 15 s).
        mMoverJobs->serviceWithoutAddress(r.store, r.rd, service);
        armTimer(r.state->timer, now.addSecs(15));
        return {};
    }
    const QString address = allocateAddress(true, r.store);
    r.store->patchStatus(kServices, r.ns, serviceName,
        QJsonObject {{QStringLiteral("loadBalancer"),
            QJsonObject {{QStringLiteral("ingress"), QJsonArray {QJsonObject {{QStringLiteral("ip"), address}}}}}}});
    return address;
}

// status.<mover>.{address, port, keySecret|sshKeys} and the "in progress" condition (a destination waits
// for its source). Only written when something differs, so that our own write does not loop.
void SimOperator::publishDestinationStatus(
    const DestinationReconcile &r, const QString &keySecret, const QString &address)
{
    QJsonObject extra;
    const QJsonObject currentStatus = obj(r.rd, "status");
    QJsonObject moverStatus {{r.tls ? QStringLiteral("keySecret") : QStringLiteral("sshKeys"), keySecret},
        {QStringLiteral("port"), r.tls ? 8000 : 22}};
    moverStatus.insert(QStringLiteral("address"), address.isEmpty() ? QJsonValue() : QJsonValue(address));
    extra.insert(r.moverField(), moverStatus);
    if (!currentStatus.contains(QStringLiteral("lastSyncStartTime"))) {
        extra.insert(QStringLiteral("lastSyncStartTime"), timestamp());
    }
    const QJsonObject currentMover = obj(currentStatus, r.tls ? "rsyncTLS" : "rsync");
    QJsonObject expectedMover = moverStatus;
    if (address.isEmpty()) {
        expectedMover.remove(QStringLiteral("address"));
    }
    if (currentMover == expectedMover) {
        extra.remove(r.moverField());
    }
    setCondition(r.store, kRD, r.ns, r.name, QStringLiteral("True"), QStringLiteral("SyncInProgress"),
        QStringLiteral("Synchronization in-progress"), extra);
    if (!address.isEmpty()) {
        if (const auto rd = r.store->get(kRD, r.ns, r.name)) {
            mMoverJobs->destinationListening(r.store, *rd);
        }
    }
}

// --- ReplicationSource ---------------------------------------------------------------------------------

void SimOperator::reconcileSource(const QString &cluster, const QString &ns, const QString &name)
{
    SimStore *s = store(cluster);
    if (!s) {
        return;
    }
    const QString key = objectKey(cluster, ns, name);
    const auto rs = s->get(kRS, ns, name);
    if (!rs || metadataOf(*rs).contains(QStringLiteral("deletionTimestamp")) || SimFleetMovers::operates(*rs)) {
        mSources.remove(key);
        return;
    }
    auto &state = mSources[key];
    if (!state || state->uid != uidOf(*rs)) {
        state = std::make_shared<SourceState>();
        state->uid = uidOf(*rs);
        state->timer = new QTimer(this);
        state->timer->setSingleShot(true);
        state->timer->setTimerType(Qt::PreciseTimer);
        connect(state->timer, &QTimer::timeout, this, [this, cluster, ns, name] {
            const auto current = mSources.value(objectKey(cluster, ns, name));
            if (current && current->running) {
                finishSync(cluster, ns, name);
            } else {
                queue(kRS, cluster, ns, name);
            }
        });
    }
    // Black-box failure injection: each new value of the annotation makes the next N runs fail.
    const QString failAnnotation = metadataOf(*rs)
                                       .value(QStringLiteral("annotations"))
                                       .toObject()
                                       .value(QLatin1String(kFailNextSyncsAnnotation))
                                       .toString();
    if (failAnnotation != state->failAnnotation) {
        state->failAnnotation = failAnnotation;
        bool ok = false;
        const int count = failAnnotation.toInt(&ok);
        if (ok && count > 0) {
            mFailNextFor.insert(key, count);
        }
    }
    if (state->running) {
        return; // a spec change never interrupts a running sync
    }
    const QJsonObject spec = obj(*rs, "spec");
    const QJsonObject status = obj(*rs, "status");
    const bool tls = spec.value(QStringLiteral("rsyncTLS")).isObject();
    if (!tls && !spec.value(QStringLiteral("rsync")).isObject()) {
        setError(s, kRS, ns, name,
            QStringLiteral("The simulated VolSync operator only runs the rsync and rsyncTLS movers: "
                           "set spec.rsync or spec.rsyncTLS."));
        return;
    }
    if (!tls && !privilegedMoversAllowed(s, ns)) {
        setError(s, kRS, ns, name,
            QStringLiteral("The rsync (SSH) mover needs privileged movers, which namespace \"%1\" does not allow: "
                           "annotate it with volsync.backube/privileged-movers=\"true\".")
                .arg(ns));
        return;
    }
    if (spec.value(QStringLiteral("paused")).toBool()) {
        return;
    }
    const QJsonObject trigger = obj(spec, "trigger");
    const QString manual = str(trigger, "manual");
    const QString schedule = str(trigger, "schedule");
    const QDateTime now = mClock.now();
    bool shouldSync = false;
    QJsonObject extra;
    QString waitingReason;
    QDateTime wakeAt;
    if (!manual.isEmpty()) {
        shouldSync = manual != str(status, "lastManualSync");
        waitingReason = QStringLiteral("WaitingForManual");
        if (status.contains(QStringLiteral("nextSyncTime"))) {
            extra.insert(QStringLiteral("nextSyncTime"), QJsonValue());
        }
    } else if (!schedule.isEmpty()) {
        const CronSchedule cron = CronSchedule::parse(schedule);
        if (!cron.isValid()) {
            setError(s, kRS, ns, name,
                QStringLiteral("The schedule \"%1\" is not a valid cron spec: %2.").arg(schedule, cron.errorString()));
            return;
        }
        waitingReason = QStringLiteral("WaitingForSchedule");
        const QDateTime lastSync = parseTime(str(status, "lastSyncTime"));
        if (!lastSync.isValid()) {
            shouldSync = true; // a new source syncs once at once, whatever the schedule
        } else {
            const QDateTime next = cron.next(lastSync);
            if (next.isValid()) {
                const QString nextText = SimStore::formatTimestamp(next);
                if (str(status, "nextSyncTime") != nextText) {
                    extra.insert(QStringLiteral("nextSyncTime"), nextText);
                }
                shouldSync = now >= next;
                wakeAt = next;
            }
        }
    } else {
        shouldSync = true; // no trigger: continuous
        if (status.contains(QStringLiteral("nextSyncTime"))) {
            extra.insert(QStringLiteral("nextSyncTime"), QJsonValue());
        }
    }
    if (shouldSync && state->notBefore.isValid() && now < state->notBefore) {
        if (!extra.isEmpty()) {
            s->patchStatus(kRS, ns, name, extra);
        }
        armTimer(state->timer, state->notBefore);
        return;
    }
    if (shouldSync) {
        if (!extra.isEmpty()) {
            s->patchStatus(kRS, ns, name, extra);
        }
        startSync(cluster, ns, name, state.get());
        return;
    }
    // Nothing is owed (e.g. the trigger changed after a failed run): the retries end.
    state->failures = 0;
    state->notBefore = {};
    setCondition(s, kRS, ns, name, QStringLiteral("False"), waitingReason, QString(), extra);
    if (wakeAt.isValid()) {
        armTimer(state->timer, wakeAt);
    } else {
        state->timer->stop();
    }
}

void SimOperator::startSync(const QString &cluster, const QString &ns, const QString &name, SourceState *state)
{
    SimStore *s = store(cluster);
    const auto rs = s ? s->get(kRS, ns, name) : std::nullopt;
    if (!rs) {
        return;
    }
    const QJsonObject spec = obj(*rs, "spec");
    const bool tls = spec.value(QStringLiteral("rsyncTLS")).isObject();
    const QJsonObject mover = obj(spec, tls ? "rsyncTLS" : "rsync");
    const QDateTime now = mClock.now();

    // Controller-level checks: nothing runs, the condition says why, and it is retried with back-off.
    QString problem;
    const QString sourcePvc = str(spec, "sourcePVC");
    const QString keySecret = str(mover, tls ? "keySecret" : "sshKeys");
    if (sourcePvc.isEmpty()) {
        problem = QStringLiteral("spec.sourcePVC is empty: name the PersistentVolumeClaim to replicate.");
    } else if (!s->get(kPVC, ns, sourcePvc)) {
        problem = QStringLiteral("The source PersistentVolumeClaim \"%1\" does not exist in namespace \"%2\".")
                      .arg(sourcePvc, ns);
    } else if (keySecret.isEmpty()) {
        problem = tls ? QStringLiteral("spec.rsyncTLS.keySecret is empty: copy the destination's key Secret "
                                       "(status.rsyncTLS.keySecret) and name it here.")
                      : QStringLiteral("spec.rsync.sshKeys is empty: copy the destination's key Secret "
                                       "(status.rsync.sshKeys) and name it here.");
    } else if (const auto secret = s->get(kSecrets, ns, keySecret); !secret) {
        problem = QStringLiteral("The key Secret \"%1\" does not exist in namespace \"%2\": copy the destination's "
                                 "key Secret into the source namespace under that name.")
                      .arg(keySecret, ns);
    } else {
        const QStringList required = tls
            ? QStringList {QStringLiteral("psk.txt")}
            : QStringList {QStringLiteral("source"), QStringLiteral("source.pub"), QStringLiteral("destination.pub")};
        QStringList missing;
        for (const QString &k : required) {
            if (secretValue(*secret, k).isEmpty()) {
                missing.append(k);
            }
        }
        if (!missing.isEmpty()) {
            problem = QStringLiteral("The key Secret \"%1\" in namespace \"%2\" lacks the key(s) %3.")
                          .arg(keySecret, ns, missing.join(QStringLiteral(", ")));
        }
    }
    if (!problem.isEmpty()) {
        ++state->failures;
        state->notBefore = now.addMSecs(backoffMs(state->failures));
        setError(s, kRS, ns, name, problem);
        armTimer(state->timer, state->notBefore);
        return;
    }

    state->running = true;
    state->started = now;
    const double jitter = 0.9 + 0.2 * mRandom.generateDouble();
    state->plannedMs = qMax<qint64>(1, qint64(double(mOptions.syncDurationMs) * jitter));
    ++mMoverRuns;
    QJsonObject extra;
    // A retried run is the same Job: lastSyncStartTime keeps the first attempt.
    if (state->failures == 0 || !obj(*rs, "status").contains(QStringLiteral("lastSyncStartTime"))) {
        extra.insert(QStringLiteral("lastSyncStartTime"), SimStore::formatTimestamp(now));
    }
    setCondition(s, kRS, ns, name, QStringLiteral("True"), QStringLiteral("SyncInProgress"),
        QStringLiteral("Synchronization in-progress"), extra);
    // Clone and Snapshot copy methods work on a temporary point-in-time copy of the source.
    const QString copyMethod = str(mover, "copyMethod");
    if (copyMethod == QLatin1String("Clone") || copyMethod == QLatin1String("Snapshot")) {
        const auto source = s->get(kPVC, ns, sourcePvc);
        const QString tempName = QStringLiteral("volsync-%1-src").arg(name);
        if (source && !s->get(kPVC, ns, tempName)) {
            QJsonObject tempSpec = obj(*source, "spec");
            tempSpec.remove(QStringLiteral("volumeName"));
            tempSpec.insert(QStringLiteral("dataSource"),
                QJsonObject {{QStringLiteral("kind"), QStringLiteral("PersistentVolumeClaim")},
                    {QStringLiteral("name"), sourcePvc}});
            s->create(kPVC, ns,
                QJsonObject {
                    {QStringLiteral("metadata"), ownedMetadata(tempName, QStringLiteral("ReplicationSource"), *rs)},
                    {QStringLiteral("spec"), tempSpec}});
        }
    }
    mMoverJobs->sourceAttemptStarted(s, *rs, str(mover, "address"));
    qCDebug(lcSim).noquote() << "sync started" << cluster << ns << name;
    Q_EMIT syncStarted(cluster, ns, name);
    state->timer->start(mClock.toRealMs(state->plannedMs));
}

const SimServiceAddresses &SimOperator::addressesOf(const QString &cluster, const SimStore &store) const
{
    SimServiceAddresses &addresses = mAddresses[cluster];
    addresses.refresh(store);
    return addresses;
}

bool SimOperator::resolveDestination(
    const QString &sourceCluster, const QJsonObject &rs, Destination *destination, QString *logs, QString *reason) const
{
    const QJsonObject spec = obj(rs, "spec");
    const bool tls = spec.value(QStringLiteral("rsyncTLS")).isObject();
    const QJsonObject mover = obj(spec, tls ? "rsyncTLS" : "rsync");
    const QString address = str(mover, "address");
    const int port = mover.value(QStringLiteral("port")).toInt(tls ? 8000 : 22);
    const QString sourceNs = str(metadataOf(rs), "namespace");
    const QString unreachable = tls
        ? QStringLiteral("2024.01.01 00:00:00 LOG3[0]: s_connect: connect %1:%2: Connection timed out (110)\n"
                         "2024.01.01 00:00:00 LOG3[0]: No more addresses to connect\n"
                         "rsync: did not see server greeting\n"
                         "rsync error: error starting client-server protocol (code 5) at main.c(1863) "
                         "[sender=3.2.7]\n")
              .arg(address)
              .arg(port)
        : QStringLiteral("ssh: connect to host %1 port %2: Connection timed out\n"
                         "rsync: connection unexpectedly closed (0 bytes received so far) [sender]\n"
                         "rsync error: unexplained error (code 255) at io.c(231) [sender=3.2.7]\n")
              .arg(address)
              .arg(port);
    const QString refused = tls
        ? QStringLiteral("2024.01.01 00:00:00 LOG3[0]: s_connect: connect %1:%2: Connection refused (111)\n"
                         "rsync: did not see server greeting\n"
                         "rsync error: error starting client-server protocol (code 5) at main.c(1863) "
                         "[sender=3.2.7]\n")
              .arg(address)
              .arg(port)
        : QStringLiteral("ssh: connect to host %1 port %2: Connection refused\n"
                         "rsync: connection unexpectedly closed (0 bytes received so far) [sender]\n"
                         "rsync error: unexplained error (code 255) at io.c(231) [sender=3.2.7]\n")
              .arg(address)
              .arg(port);
    if (address.isEmpty()) {
        *reason = QStringLiteral("spec.%1.address is empty")
                      .arg(tls ? QStringLiteral("rsyncTLS") : QStringLiteral("rsync"));
        *logs = QStringLiteral("rsync: no destination address given\n");
        return false;
    }

    // Find the Service behind the address: a ClusterIP or DNS name of the source's own cluster, or a load
    // balancer's address in any cluster; the first Service in list order answers.
    QString clusterIpElsewhere;
    bool found = false;
    for (auto it = mStores.cbegin(); it != mStores.cend() && !found; ++it) {
        if (!it.value()) {
            continue;
        }
        const SimServiceAddresses &addresses = addressesOf(it.key(), *it.value());
        QStringList candidates = addresses.withExternalAddress(address).mid(0, 1);
        if (it.key() == sourceCluster) {
            candidates += addresses.withClusterIp(address).mid(0, 1);
            candidates += addresses.withDnsName(address).mid(0, 1);
            if (it.value()->get(kServices, sourceNs, address)) {
                candidates.append(sourceNs + QLatin1Char('/') + address);
            }
        } else if (!addresses.withClusterIp(address).isEmpty()) {
            clusterIpElsewhere = it.key();
        }
        if (candidates.isEmpty()) {
            continue;
        }
        const QString first = *std::min_element(candidates.cbegin(), candidates.cend());
        const auto service
            = it.value()->get(kServices, first.section(QLatin1Char('/'), 0, 0), first.section(QLatin1Char('/'), 1));
        if (service) {
            found = true;
            destination->cluster = it.key();
            destination->ns = metadataOf(*service).value(QStringLiteral("namespace")).toString();
            destination->name = ownerName(*service, QStringLiteral("ReplicationDestination"));
        }
    }
    if (!found) {
        *logs = unreachable;
        *reason = clusterIpElsewhere.isEmpty()
            ? QStringLiteral("no destination listens at %1").arg(address)
            : QStringLiteral("%1 is a ClusterIP of cluster %2, which is not reachable from cluster %3: use serviceType "
                             "LoadBalancer across clusters")
                  .arg(address, clusterIpElsewhere, sourceCluster);
        return false;
    }
    SimStore *dst = mStores.value(destination->cluster);
    if (!dst) {
        return false;
    }
    const auto rd = destination->name.isEmpty() ? std::nullopt : dst->get(kRD, destination->ns, destination->name);
    const QJsonObject rdSpec = rd ? obj(*rd, "spec") : QJsonObject();
    const bool rdTls = rdSpec.value(QStringLiteral("rsyncTLS")).isObject();
    const int rdPort = tls ? 8000 : 22;
    QString rdReason;
    const bool listening = rd && condition(obj(*rd, "status")) == QLatin1String("True")
        && !str(obj(obj(*rd, "status"), rdTls ? "rsyncTLS" : "rsync"), "address").isEmpty();
    const bool paused = rdSpec.value(QStringLiteral("paused")).toBool();
    if (!rd || !listening || paused || rdTls != tls || port != rdPort) {
        *logs = refused;
        *reason = !rd      ? QStringLiteral("no ReplicationDestination listens at %1").arg(address)
            : rdTls != tls ? QStringLiteral("the destination at %1 runs the %2 mover, not %3")
                                 .arg(address, rdTls ? QStringLiteral("rsyncTLS") : QStringLiteral("rsync"),
                                     tls ? QStringLiteral("rsyncTLS") : QStringLiteral("rsync"))
            : port != rdPort ? QStringLiteral("nothing listens on port %1 at %2").arg(port).arg(address)
            : paused         ? QStringLiteral("the ReplicationDestination %1/%2 in cluster %3 is paused")
                           .arg(destination->ns, destination->name, destination->cluster)
                     : QStringLiteral("the ReplicationDestination %1/%2 in cluster %3 is not listening")
                           .arg(destination->ns, destination->name, destination->cluster);
        return false;
    }

    // Keys.
    SimStore *src = mStores.value(sourceCluster);
    if (!src) {
        return false;
    }
    const auto sourceSecret = src->get(kSecrets, sourceNs, str(mover, tls ? "keySecret" : "sshKeys"));
    const QString rdSecretName
        = str(obj(obj(*rd, "status"), tls ? "rsyncTLS" : "rsync"), tls ? "keySecret" : "sshKeys");
    const auto destinationSecret = dst->get(kSecrets, destination->ns, rdSecretName);
    bool keysMatch = sourceSecret && destinationSecret;
    const QStringList compared = tls ? QStringList {QStringLiteral("psk.txt")}
                                     : QStringList {QStringLiteral("source.pub"), QStringLiteral("destination.pub")};
    for (const QString &k : compared) {
        keysMatch = keysMatch && !secretValue(*sourceSecret, k).isEmpty()
            && secretValue(*sourceSecret, k) == secretValue(*destinationSecret, k);
    }
    if (!keysMatch) {
        *logs = tls ? QStringLiteral("2024.01.01 00:00:00 LOG3[0]: SSL_connect: ssl/record/rec_layer_s3.c:1584: "
                                     "error:0A000410:SSL routines::sslv3 alert handshake failure\n"
                                     "rsync: did not see server greeting\n"
                                     "rsync error: error starting client-server protocol (code 5) at main.c(1863) "
                                     "[sender=3.2.7]\n")
                    : QStringLiteral("root@%1: Permission denied (publickey).\n"
                                     "rsync: connection unexpectedly closed (0 bytes received so far) [sender]\n"
                                     "rsync error: unexplained error (code 255) at io.c(231) [sender=3.2.7]\n")
                          .arg(address);
        *reason = QStringLiteral("the keys in Secret \"%1\" do not match those of the destination %2/%3 in cluster %4")
                      .arg(str(mover, tls ? "keySecret" : "sshKeys"), destination->ns, destination->name,
                          destination->cluster);
        return false;
    }
    return true;
}

void SimOperator::finishSync(const QString &cluster, const QString &ns, const QString &name)
{
    SimStore *s = store(cluster);
    const QString key = objectKey(cluster, ns, name);
    const auto state = mSources.value(key);
    const auto rs = s ? s->get(kRS, ns, name) : std::nullopt;
    if (!state) {
        return;
    }
    state->running = false;
    if (!rs || uidOf(*rs) != state->uid) {
        mSources.remove(key);
        return;
    }
    const QJsonObject spec = obj(*rs, "spec");
    const QJsonObject status = obj(*rs, "status");
    const bool tls = spec.value(QStringLiteral("rsyncTLS")).isObject();
    const QDateTime now = mClock.now();

    // The mover pod may not have ended: waiting for its image, or restarting in place after a crash.
    if (!mMoverJobs->sourceAttemptEnding(s, *rs,
            QStringLiteral("rsync: [sender] write error: Broken pipe (32)\nrsync error: error in socket IO (code 10) "
                           "at io.c(848) [sender=3.2.7]\n"))) {
        state->running = true;
        state->timer->start(mClock.toRealMs(qMax<qint64>(state->plannedMs, mOptions.retryBaseMs)));
        return;
    }

    // What the run moved: the temporary point-in-time copy of the source (Clone, Snapshot) once it is bound,
    // else the source as it is now (Direct). Then clean the copy.
    const QString tempName = QStringLiteral("volsync-%1-src").arg(name);
    const auto temp = s->get(kPVC, ns, tempName);
    const bool tempBound = temp && str(obj(*temp, "status"), "phase") == QLatin1String("Bound");
    const SimVolumeContent moved = SimVolumeController::content(s, ns, tempBound ? tempName : str(spec, "sourcePVC"));
    if (temp && ownerName(*temp, QStringLiteral("ReplicationSource")) == name) {
        s->remove(kPVC, ns, tempName);
    }

    Destination destination;
    QString logs;
    QString reason;
    bool ok = true;
    const int forcedFor = mFailNextFor.value(key);
    if (mFailNext > 0 || forcedFor > 0) {
        if (forcedFor > 0) {
            mFailNextFor.insert(key, forcedFor - 1);
        } else {
            --mFailNext;
        }
        ok = false;
        reason = QStringLiteral("injected failure");
        logs = QStringLiteral("rsync: [sender] write error: Broken pipe (32)\n"
                              "rsync error: error in socket IO (code 10) at io.c(848) [sender=3.2.7]\n");
    } else if (!resolveDestination(cluster, *rs, &destination, &logs, &reason)) {
        ok = false;
    } else if (mMoverJobs->scenarioFailure(
                   s, *rs, store(destination.cluster), destination.ns, destination.name, &logs, &reason)) {
        ok = false;
    } else if (const double rate = failRateFor(cluster); rate > 0 && mRandom.generateDouble() < rate) {
        ok = false;
        reason = QStringLiteral("random mover failure (fail rate %1)").arg(rate);
        logs = QStringLiteral("rsync: connection unexpectedly closed (1024 bytes received so far) [sender]\n"
                              "rsync error: error in rsync protocol data stream (code 12) at io.c(231) "
                              "[sender=3.2.7]\n");
    }

    if (!ok) {
        ++mFailedRuns;
        ++state->failures;
        const qint64 delay = backoffMs(state->failures);
        state->notBefore = now.addMSecs(delay);
        logs += QStringLiteral("Synchronization failed (attempt %1). Retrying in %2.\n")
                    .arg(state->failures)
                    .arg(formatGoDuration(delay * 1000000LL));
        s->patchStatus(kRS, ns, name,
            QJsonObject {{QStringLiteral("latestMoverStatus"),
                QJsonObject {{QStringLiteral("result"), QStringLiteral("Failed")}, {QStringLiteral("logs"), logs}}}});
        mMoverJobs->sourceAttemptFinished(s, *rs, false, logs);
        qCInfo(lcSim).noquote() << "sync failed" << cluster << ns << name << reason;
        Q_EMIT syncFinished(cluster, ns, name, false, reason);
        queue(kRS, cluster, ns, name);
        return;
    }

    // Success.
    const QDateTime firstStart = parseTime(str(status, "lastSyncStartTime"));
    const qint64 elapsedMs = firstStart.isValid() && firstStart <= now ? firstStart.msecsTo(now) : state->plannedMs;
    const qint64 elapsedNs = elapsedMs * 1000000LL + qint64(mRandom.bounded(1000000));
    const auto sourcePvc = s->get(kPVC, ns, str(spec, "sourcePVC"));
    const qint64 capacity = sourcePvc
        ? SimQuantity::bytes(str(obj(obj(obj(*sourcePvc, "spec"), "resources"), "requests"), "storage"))
        : qint64(1) << 30;
    const qint64 totalSize = qMax<qint64>(4096, qint64(double(capacity) * (0.2 + 0.5 * (qHash(name) % 100) / 100.0)));
    const qint64 sent = qMax<qint64>(1024, qint64(double(totalSize) * (0.001 + 0.05 * mRandom.generateDouble())));
    const qint64 received = 20 + mRandom.bounded(4000);
    const double seconds = qMax(0.001, double(elapsedMs) / 1000.0);
    const QString successLogs
        = QStringLiteral("sent %1 bytes  received %2 bytes  %3 bytes/sec\ntotal size is %4  speedup is %5\n"
                         "rsync completed in %6s\n")
              .arg(thousands(sent), thousands(received),
                  QLocale(QLocale::English).toString(double(sent + received) / seconds, 'f', 2), thousands(totalSize),
                  QLocale(QLocale::English).toString(double(totalSize) / double(sent + received), 'f', 2))
              .arg(qMax<qint64>(1, elapsedMs / 1000));
    state->failures = 0;
    state->notBefore = {};
    QJsonObject extra {{QStringLiteral("lastSyncTime"), SimStore::formatTimestamp(now)},
        {QStringLiteral("lastSyncDuration"), formatGoDuration(elapsedNs)},
        {QStringLiteral("lastSyncStartTime"), QJsonValue()},
        {QStringLiteral("latestMoverStatus"),
            QJsonObject {
                {QStringLiteral("result"), QStringLiteral("Successful")}, {QStringLiteral("logs"), successLogs}}}};
    const QJsonObject trigger = obj(spec, "trigger");
    const QString manual = str(trigger, "manual");
    const QString schedule = str(trigger, "schedule");
    if (!manual.isEmpty()) {
        extra.insert(QStringLiteral("lastManualSync"), manual);
        setCondition(s, kRS, ns, name, QStringLiteral("False"), QStringLiteral("WaitingForManual"), QString(), extra);
    } else if (!schedule.isEmpty()) {
        const QDateTime next = CronSchedule::parse(schedule).next(now);
        extra.insert(QStringLiteral("nextSyncTime"),
            next.isValid() ? QJsonValue(SimStore::formatTimestamp(next)) : QJsonValue());
        setCondition(s, kRS, ns, name, QStringLiteral("False"), QStringLiteral("WaitingForSchedule"), QString(), extra);
    } else {
        state->notBefore = now.addMSecs(mOptions.continuousGapMs);
        s->patchStatus(kRS, ns, name, extra);
    }
    Q_UNUSED(tls)
    recordDestinationSync(destination, *rs, elapsedMs, successLogs, moved);
    mMoverJobs->sourceAttemptFinished(s, *rs, true, successLogs);
    qCDebug(lcSim).noquote() << "sync succeeded" << cluster << ns << name;
    Q_EMIT syncFinished(cluster, ns, name, true, QString());
    queue(kRS, cluster, ns, name);
}

void SimOperator::recordDestinationSync(const Destination &destination, const QJsonObject &rs, qint64 elapsedMs,
    const QString &logs, const SimVolumeContent &moved)
{
    Q_UNUSED(rs)
    SimStore *s = store(destination.cluster);
    const auto rd = s ? s->get(kRD, destination.ns, destination.name) : std::nullopt;
    if (!rd) {
        return;
    }
    const QJsonObject spec = obj(*rd, "spec");
    const bool tls = spec.value(QStringLiteral("rsyncTLS")).isObject();
    const QJsonObject mover = obj(spec, tls ? "rsyncTLS" : "rsync");
    const QString pvcName = str(mover, "destinationPVC").isEmpty()
        ? QStringLiteral("volsync-%1-dst").arg(destination.name)
        : str(mover, "destinationPVC");
    const QDateTime now = mClock.now();
    // The data lands before the image is taken of it.
    SimVolumeController::setContent(s, destination.ns, pvcName, moved);
    QJsonObject latestImage;
    if (str(mover, "copyMethod") == QLatin1String("Snapshot")) {
        // VolSync names images by the second; two syncs within one second (fast simulated runs) get a suffix
        // rather than reusing the older image, which would hold the older data.
        const QString baseName = QStringLiteral("volsync-%1-dst-%2")
                                     .arg(destination.name, now.toUTC().toString(QStringLiteral("yyyyMMddHHmmss")));
        QString snapshotName = baseName;
        for (int i = 1; s->get(kSnapshots, destination.ns, snapshotName); ++i)
            snapshotName = baseName + QLatin1Char('-') + QString::number(i);
        {
            QJsonObject snapshotSpec {
                {QStringLiteral("source"), QJsonObject {{QStringLiteral("persistentVolumeClaimName"), pvcName}}}};
            if (!str(mover, "volumeSnapshotClassName").isEmpty()) {
                snapshotSpec.insert(QStringLiteral("volumeSnapshotClassName"), str(mover, "volumeSnapshotClassName"));
            }
            QJsonObject metadata = ownedMetadata(snapshotName, QStringLiteral("ReplicationDestination"), *rd);
            const SimStoreResult created = s->create(kSnapshots, destination.ns,
                QJsonObject {{QStringLiteral("metadata"), metadata}, {QStringLiteral("spec"), snapshotSpec}});
            if (created.ok()) {
                const auto pvc = s->get(kPVC, destination.ns, pvcName);
                const QString size = pvc ? str(obj(obj(obj(*pvc, "spec"), "resources"), "requests"), "storage")
                                         : str(mover, "capacity");
                s->patchStatus(kSnapshots, destination.ns, snapshotName,
                    QJsonObject {{QStringLiteral("readyToUse"), true},
                        {QStringLiteral("creationTime"), SimStore::formatTimestamp(now)},
                        {QStringLiteral("restoreSize"), size},
                        {QStringLiteral("boundVolumeSnapshotContentName"),
                            QStringLiteral("snapcontent-%1").arg(uidOf(created.object))}});
            }
        }
        // The previous image goes unless it is marked to be kept.
        const QJsonObject previous = obj(obj(*rd, "status"), "latestImage");
        const QString previousName = str(previous, "name");
        if (str(previous, "kind") == QLatin1String("VolumeSnapshot") && !previousName.isEmpty()
            && previousName != snapshotName) {
            const auto old = s->get(kSnapshots, destination.ns, previousName);
            if (old
                && !metadataOf(*old)
                        .value(QStringLiteral("labels"))
                        .toObject()
                        .contains(QLatin1String(kDoNotDeleteLabel))
                && ownerName(*old, QStringLiteral("ReplicationDestination")) == destination.name) {
                s->remove(kSnapshots, destination.ns, previousName);
            }
        }
        latestImage = QJsonObject {{QStringLiteral("apiGroup"), QStringLiteral("snapshot.storage.k8s.io")},
            {QStringLiteral("kind"), QStringLiteral("VolumeSnapshot")}, {QStringLiteral("name"), snapshotName}};
    } else {
        latestImage = QJsonObject {{QStringLiteral("apiGroup"), QJsonValue()},
            {QStringLiteral("kind"), QStringLiteral("PersistentVolumeClaim")}, {QStringLiteral("name"), pvcName}};
    }
    const qint64 elapsedNs = elapsedMs * 1000000LL + qint64(mRandom.bounded(1000000));
    QJsonObject statusPatch {{QStringLiteral("lastSyncTime"), SimStore::formatTimestamp(now)},
        {QStringLiteral("lastSyncDuration"), formatGoDuration(elapsedNs)},
        {QStringLiteral("lastSyncStartTime"), SimStore::formatTimestamp(now)},
        {QStringLiteral("latestImage"), latestImage},
        {QStringLiteral("latestMoverStatus"),
            QJsonObject {{QStringLiteral("result"), QStringLiteral("Successful")}, {QStringLiteral("logs"), logs}}}};
    s->patchStatus(kRD, destination.ns, destination.name, statusPatch);
    mMoverJobs->destinationReceived(s, *rd, logs);
}
