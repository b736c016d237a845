// SPDX-License-Identifier: GPL-3.0-or-later
#include "wizardsourcepage.h"

#include "clusterlistloader.h"
#include "engine/replicationobjectbuilder.h"
#include "engine/replicationvalidation.h"
#include "kube/kuberesource.h"
#include "kube/kubesession.h"
#include "setupwizard.h"
#include "statusstyle.h"

#include <QComboBox>
#include <QFormLayout>
#include <QJsonArray>
#include <QLabel>

namespace {
// The size a person expects to see: what was provisioned, else what was asked for.
QString pvcSize(const QJsonObject &pvc)
{
    const QString actual = pvc.value(QLatin1String("status"))
                               .toObject()
                               .value(QLatin1String("capacity"))
                               .toObject()
                               .value(QLatin1String("storage"))
                               .toString();
    return actual.isEmpty() ? ReplicationObjectBuilder::requestedSize(pvc) : actual;
}
} // namespace

WizardSourcePage::WizardSourcePage(QWidget *parent)
    : QWizardPage(parent)
{
    setObjectName(QStringLiteral("wizardSourcePage"));
    setTitle(tr("Source: the volume to copy"));
    setSubTitle(tr("Pick the cluster, namespace and PersistentVolumeClaim whose data should be replicated."));

    const auto makeCombo = [this](const char *name) {
        auto *combo = new QComboBox(this);
        combo->setObjectName(QLatin1String(name));
        combo->setMinimumContentsLength(24);
        return combo;
    };
    mContext = makeCombo("sourceContextCombo");
    mNamespace = makeCombo("sourceNamespaceCombo");
    mPvc = makeCombo("sourcePvcCombo");
    mPvcInfo = new QLabel(this);
    mPvcInfo->setObjectName(QStringLiteral("sourcePvcInfo"));
    mPvcInfo->setWordWrap(true);
    mCopyMethod = makeCombo("sourceCopyMethodCombo");
    for (const QString &method :
        {QStringLiteral("Clone"), QStringLiteral("Snapshot"), QStringLiteral("Direct"), QStringLiteral("None")}) {
        mCopyMethod->addItem(method, method);
    }
    mCopyExplanation = new QLabel(this);
    mCopyExplanation->setObjectName(QStringLiteral("sourceCopyMethodExplanation"));
    mCopyExplanation->setWordWrap(true);
    mStorageClass = makeCombo("sourceStorageClassCombo");
    mSnapshotClass = makeCombo("sourceSnapshotClassCombo");
    mWarning = new QLabel(this);
    mWarning->setObjectName(QStringLiteral("sourceWarning"));
    mWarning->setWordWrap(true);
    mWarning->setTextFormat(Qt::RichText);
    mError = new QLabel(this);
    mError->setObjectName(QStringLiteral("sourceError"));
    mError->setWordWrap(true);
    mError->setTextFormat(Qt::RichText);

    auto *form = new QFormLayout(this);
    const auto addRow = [this, form](const QString &text, QWidget *field, const char *name) {
        auto *label = new QLabel(text, this);
        label->setObjectName(QLatin1String(name));
        label->setBuddy(field);
        form->addRow(label, field);
    };
    addRow(tr("&Cluster:"), mContext, "sourceContextLabel");
    addRow(tr("&Namespace:"), mNamespace, "sourceNamespaceLabel");
    addRow(tr("&Volume (PVC):"), mPvc, "sourcePvcLabel");
    form->addRow(QString(), mPvcInfo);
    addRow(tr("Copy &method:"), mCopyMethod, "sourceCopyMethodLabel");
    form->addRow(QString(), mCopyExplanation);
    addRow(tr("&Storage class:"), mStorageClass, "sourceStorageClassLabel");
    addRow(tr("Sna&pshot class:"), mSnapshotClass, "sourceSnapshotClassLabel");
    form->addRow(QString(), mWarning);
    form->addRow(QString(), mError);

    connect(mContext, &QComboBox::currentIndexChanged, this, &WizardSourcePage::loadContext);
    connect(mNamespace, &QComboBox::currentIndexChanged, this, &WizardSourcePage::loadNamespace);
    connect(mPvc, &QComboBox::currentIndexChanged, this, &WizardSourcePage::updateInfo);
    connect(mCopyMethod, &QComboBox::currentIndexChanged, this, &WizardSourcePage::updateInfo);
    connect(mSnapshotClass, &QComboBox::currentIndexChanged, this, &WizardSourcePage::updateInfo);
}

QString WizardSourcePage::copyMethodExplanation(const QString &method)
{
    if (method == QLatin1String("Clone")) {
        return tr("Clone: copies from a point-in-time clone of the volume; the application keeps running. Needs a "
                  "CSI driver that can clone.");
    }
    if (method == QLatin1String("Snapshot")) {
        return tr("Snapshot: copies from a VolumeSnapshot of the volume; the application keeps running. Needs a "
                  "snapshot class.");
    }
    if (method == QLatin1String("Direct")) {
        return tr("Direct: copies from the live volume itself. Data may change during the copy; stop writes for a "
                  "consistent copy.");
    }
    return tr("None: no point-in-time image; the mover reads the volume as it is (like Direct).");
}

void WizardSourcePage::initializePage()
{
    if (mInitialized) {
        return;
    }
    mInitialized = true;
    auto *w = qobject_cast<SetupWizard *>(wizard());
    if (!w || !w->session()) {
        return;
    }
    const KubeConfig &config = w->session()->config();
    const QSignalBlocker blocker(mContext);
    for (const QString &name : config.contextNames()) {
        mContext->addItem(name, name);
    }
    int current = mContext->findData(w->preferredContext());
    if (current < 0) {
        current = mContext->findData(config.currentContext());
    }
    mContext->setCurrentIndex(current >= 0 ? current : 0);
    loadContext();
}

void WizardSourcePage::finishLoad()
{
    if (--mPending == 0) {
        updateInfo();
        Q_EMIT completeChanged();
        Q_EMIT listsLoaded();
    }
}

void WizardSourcePage::loadContext()
{
    auto *w = qobject_cast<SetupWizard *>(wizard());
    if (!w) {
        return;
    }
    const quint64 generation = ++mContextGeneration;
    mError->clear();
    mNamespace->clear();
    mStorageClass->clear();
    mSnapshotClass->clear();
    mPending += 3;
    const QString ctx = context();
    ClusterListLoader::list(w->session(), ctx, KubeResource::namespaces(), QString(), this,
        [this, generation](const QList<QJsonObject> &items, const QString &error) {
            if (generation != mContextGeneration) {
                finishLoad();
                return;
            }
            if (!error.isEmpty()) {
                mError->setText(StatusStyle::badgeHtml(StatusStyle::Kind::Error, error, palette()));
            }
            {
                const QSignalBlocker blocker(mNamespace);
                for (const QJsonObject &ns : items) {
                    const QString name = ClusterListLoader::name(ns);
                    if (!name.startsWith(QLatin1String("kube-"))) {
                        mNamespace->addItem(name, name);
                    }
                }
            }
            loadNamespace();
            finishLoad();
        });
    ClusterListLoader::list(w->session(), ctx, KubeResource::storageClasses(), QString(), this,
        [this, generation](const QList<QJsonObject> &items, const QString &) {
            if (generation != mContextGeneration) {
                finishLoad();
                return;
            }
            mStorageClasses = items;
            mStorageClass->addItem(tr("Same as the volume"), QString());
            for (const QJsonObject &sc : items) {
                mStorageClass->addItem(ClusterListLoader::name(sc), ClusterListLoader::name(sc));
            }
            finishLoad();
        });
    ClusterListLoader::list(w->session(), ctx, KubeResource::volumeSnapshotClasses(), QString(), this,
        [this, generation](const QList<QJsonObject> &items, const QString &) {
            if (generation != mContextGeneration) {
                finishLoad();
                return;
            }
            mSnapshotClassCount = int(items.size());
            mSnapshotClass->addItem(tr("Cluster default"), QString());
            for (const QJsonObject &vsc : items) {
                mSnapshotClass->addItem(ClusterListLoader::name(vsc), ClusterListLoader::name(vsc));
            }
            finishLoad();
        });
}

void WizardSourcePage::loadNamespace()
{
    auto *w = qobject_cast<SetupWizard *>(wizard());
    if (!w || namespaceName().isEmpty()) {
        return;
    }
    const quint64 generation = ++mGeneration;
    mPvc->clear();
    mPvcs.clear();
    mPods.clear();
    mPending += 2;
    ClusterListLoader::list(w->session(), context(), KubeResource::persistentVolumeClaims(), namespaceName(), this,
        [this, generation](const QList<QJsonObject> &items, const QString &error) {
            if (generation != mGeneration) {
                finishLoad();
                return;
            }
            if (!error.isEmpty()) {
                mError->setText(StatusStyle::badgeHtml(StatusStyle::Kind::Error, error, palette()));
            }
            mPvcs = items;
            const QSignalBlocker blocker(mPvc);
            for (const QJsonObject &pvc : items) {
                const QString name = ClusterListLoader::name(pvc);
                mPvc->addItem(QStringLiteral("%1  (%2)").arg(name, pvcSize(pvc)), name);
            }
            finishLoad();
        });
    ClusterListLoader::list(w->session(), context(), KubeResource::pods(), namespaceName(), this,
        [this, generation](const QList<QJsonObject> &items, const QString &) {
            if (generation == mGeneration) {
                mPods = items;
            }
            finishLoad();
        });
}

QJsonObject WizardSourcePage::pvc() const
{
    const QString name = pvcName();
    for (const QJsonObject &p : mPvcs) {
        if (ClusterListLoader::name(p) == name) {
            return p;
        }
    }
    return {};
}

void WizardSourcePage::updateInfo()
{
    const QJsonObject p = pvc();
    QStringList usedBy;
    for (const QJsonObject &pod : std::as_const(mPods)) {
        const QJsonArray volumes
            = pod.value(QLatin1String("spec")).toObject().value(QLatin1String("volumes")).toArray();
        for (const QJsonValue &v : volumes) {
            if (v.toObject()
                    .value(QLatin1String("persistentVolumeClaim"))
                    .toObject()
                    .value(QLatin1String("claimName"))
                    .toString()
                == pvcName()) {
                usedBy.append(ClusterListLoader::name(pod));
            }
        }
    }
    const QString storageClass
        = p.value(QLatin1String("spec")).toObject().value(QLatin1String("storageClassName")).toString();
    if (p.isEmpty()) {
        mPvcInfo->setText(mPvcs.isEmpty() && mPending == 0 ? tr("This namespace has no volumes (PVCs).") : QString());
    } else {
        mPvcInfo->setText(tr("%1, %2, storage class %3; %4")
                              .arg(pvcSize(p), ReplicationObjectBuilder::accessModes(p).join(QStringLiteral(", ")),
                                  storageClass.isEmpty() ? tr("(default)") : storageClass,
                                  usedBy.isEmpty() ? tr("not in use by a pod")
                                                   : tr("in use by %1").arg(usedBy.join(QStringLiteral(", ")))));
    }
    const QString method = copyMethod();
    mCopyExplanation->setText(copyMethodExplanation(method));
    QString warning;
    if (method == QLatin1String("Snapshot") && mSnapshotClassCount == 0 && mPending == 0) {
        warning = tr("This cluster has no VolumeSnapshotClass: Snapshot cannot work here. Use Clone or Direct.");
    } else if (method == QLatin1String("Clone")) {
        QString provisioner;
        for (const QJsonObject &sc : std::as_const(mStorageClasses)) {
            if (ClusterListLoader::name(sc) == storageClass) {
                provisioner = sc.value(QLatin1String("provisioner")).toString();
            }
        }
        if (!provisioner.isEmpty() && provisioner.startsWith(QLatin1String("kubernetes.io/"))) {
            warning = tr("The storage class %1 uses the in-tree provisioner %2, which cannot clone volumes. Use "
                         "Snapshot or Direct.")
                          .arg(storageClass, provisioner);
        }
    } else if ((method == QLatin1String("Direct") || method == QLatin1String("None")) && !usedBy.isEmpty()) {
        warning = tr("The volume is in use: with %1 the copy reads data that may change meanwhile.").arg(method);
    }
    mWarning->setText(
        warning.isEmpty() ? QString() : StatusStyle::badgeHtml(StatusStyle::Kind::Warning, warning, palette()));
    Q_EMIT completeChanged();
}

bool WizardSourcePage::isComplete() const
{
    return mPending == 0 && !pvcName().isEmpty();
}

bool WizardSourcePage::validatePage()
{
    QString error;
    if (!ReplicationValidation::copyMethod(copyMethod(), ReplicationValidation::sourceCopyMethods(), &error)) {
        mError->setText(StatusStyle::badgeHtml(StatusStyle::Kind::Error, error, palette()));
        return false;
    }
    return true;
}

QString WizardSourcePage::context() const
{
    return mContext->currentData().toString();
}

QString WizardSourcePage::namespaceName() const
{
    return mNamespace->currentData().toString();
}

QString WizardSourcePage::pvcName() const
{
    return mPvc->currentData().toString();
}

QString WizardSourcePage::copyMethod() const
{
    return mCopyMethod->currentData().toString();
}

QString WizardSourcePage::storageClass() const
{
    return mStorageClass->currentData().toString();
}

QString WizardSourcePage::snapshotClass() const
{
    return mSnapshotClass->currentData().toString();
}

bool WizardSourcePage::select(const QString &which, const QString &text)
{
    QComboBox *combo = which == QLatin1String("context") ? mContext
        : which == QLatin1String("namespace")            ? mNamespace
        : which == QLatin1String("pvc")                  ? mPvc
        : which == QLatin1String("copyMethod")           ? mCopyMethod
        : which == QLatin1String("storageClass")         ? mStorageClass
                                                         : mSnapshotClass;
    const int index = combo->findData(text);
    if (index < 0) {
        return false;
    }
    combo->setCurrentIndex(index);
    return true;
}
