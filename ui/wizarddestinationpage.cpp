// SPDX-License-Identifier: GPL-3.0-or-later
#include "wizarddestinationpage.h"

#include "clusterlistloader.h"
#include "engine/objectname.h"
#include "engine/replicationvalidation.h"
#include "kube/kuberesource.h"
#include "kube/kubesession.h"
#include "setupwizard.h"
#include "statusstyle.h"
#include "wizardsourcepage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>

WizardDestinationPage::WizardDestinationPage(QWidget *parent)
    : QWizardPage(parent)
{
    setObjectName(QStringLiteral("wizardDestinationPage"));
    setTitle(tr("Destination: where the copy goes"));
    setSubTitle(tr("VolSync keeps a copy of the volume here, refreshed at every sync."));
    mContext = new QComboBox(this);
    mContext->setObjectName(QStringLiteral("destinationContextCombo"));
    mNamespace = new QComboBox(this);
    mNamespace->setObjectName(QStringLiteral("destinationNamespaceCombo"));
    mNamespace->setEditable(true);
    mNamespace->setInsertPolicy(QComboBox::NoInsert);
    mCreateNamespace = new QCheckBox(this);
    mCreateNamespace->setObjectName(QStringLiteral("createNamespaceCheck"));
    mCreateNamespace->setChecked(true);
    mCreateNamespace->setVisible(false);
    mName = new QLineEdit(this);
    mName->setObjectName(QStringLiteral("destinationNameEdit"));
    mCopyMethod = new QComboBox(this);
    mCopyMethod->setObjectName(QStringLiteral("destinationCopyMethodCombo"));
    mCopyMethod->addItem(tr("Snapshot (keep each copy as a VolumeSnapshot)"), QStringLiteral("Snapshot"));
    mCopyMethod->addItem(tr("Direct (write into one volume)"), QStringLiteral("Direct"));
    mCopyMethod->addItem(tr("None (write into one volume, no snapshot)"), QStringLiteral("None"));
    mCopyExplanation = new QLabel(this);
    mCopyExplanation->setObjectName(QStringLiteral("destinationCopyMethodExplanation"));
    mCopyExplanation->setWordWrap(true);
    mCapacity = new QLineEdit(this);
    mCapacity->setObjectName(QStringLiteral("destinationCapacityEdit"));
    mAccessModes = new QLineEdit(this);
    mAccessModes->setObjectName(QStringLiteral("destinationAccessModesEdit"));
    mStorageClass = new QComboBox(this);
    mStorageClass->setObjectName(QStringLiteral("destinationStorageClassCombo"));
    mSnapshotClass = new QComboBox(this);
    mSnapshotClass->setObjectName(QStringLiteral("destinationSnapshotClassCombo"));
    mServiceType = new QComboBox(this);
    mServiceType->setObjectName(QStringLiteral("destinationServiceTypeCombo"));
    mServiceType->addItem(QStringLiteral("ClusterIP"), QStringLiteral("ClusterIP"));
    mServiceType->addItem(QStringLiteral("LoadBalancer"), QStringLiteral("LoadBalancer"));
    mServiceHint = new QLabel(this);
    mServiceHint->setObjectName(QStringLiteral("destinationServiceHint"));
    mServiceHint->setWordWrap(true);
    mRsyncTls = new QCheckBox(tr("Use rsync over &TLS (no privileged mover needed; newer file format)"), this);
    mRsyncTls->setObjectName(QStringLiteral("rsyncTlsCheck"));
    mError = new QLabel(this);
    mError->setObjectName(QStringLiteral("destinationError"));
    mError->setWordWrap(true);
    mError->setTextFormat(Qt::RichText);

    auto *form = new QFormLayout(this);
    const auto addRow = [this, form](const QString &text, QWidget *field, const char *name) {
        auto *label = new QLabel(text, this);
        label->setObjectName(QLatin1String(name));
        label->setBuddy(field);
        form->addRow(label, field);
    };
    addRow(tr("&Cluster:"), mContext, "destinationContextLabel");
    addRow(tr("&Namespace:"), mNamespace, "destinationNamespaceLabel");
    form->addRow(QString(), mCreateNamespace);
    addRow(tr("N&ame:"), mName, "destinationNameLabel");
    addRow(tr("Copy &method:"), mCopyMethod, "destinationCopyMethodLabel");
    form->addRow(QString(), mCopyExplanation);
    addRow(tr("Ca&pacity:"), mCapacity, "destinationCapacityLabel");
    addRow(tr("Access mo&des:"), mAccessModes, "destinationAccessModesLabel");
    addRow(tr("&Storage class:"), mStorageClass, "destinationStorageClassLabel");
    addRow(tr("Snapshot c&lass:"), mSnapshotClass, "destinationSnapshotClassLabel");
    addRow(tr("Ser&vice type:"), mServiceType, "destinationServiceTypeLabel");
    form->addRow(QString(), mServiceHint);
    form->addRow(QString(), mRsyncTls);
    form->addRow(QString(), mError);

    connect(mContext, &QComboBox::currentIndexChanged, this, &WizardDestinationPage::loadContext);
    connect(mNamespace, &QComboBox::currentTextChanged, this, &WizardDestinationPage::update);
    connect(mName, &QLineEdit::textChanged, this, &WizardDestinationPage::update);
    connect(mCopyMethod, &QComboBox::currentIndexChanged, this, &WizardDestinationPage::update);
    connect(mCapacity, &QLineEdit::textChanged, this, &WizardDestinationPage::update);
    connect(mAccessModes, &QLineEdit::textChanged, this, &WizardDestinationPage::update);
    connect(mCreateNamespace, &QCheckBox::toggled, this, &WizardDestinationPage::update);
    connect(mServiceType, &QComboBox::activated, this, [this]() { mServiceType->setProperty("userChosen", true); });
}

void WizardDestinationPage::initializePage()
{
    auto *w = qobject_cast<SetupWizard *>(wizard());
    if (!w || !w->session()) {
        return;
    }
    WizardSourcePage *source = w->sourcePage();
    if (mContext->count() == 0) {
        const QSignalBlocker blocker(mContext);
        for (const QString &name : w->session()->config().contextNames()) {
            mContext->addItem(name, name);
        }
        // Another cluster than the source's when there is one: the usual disaster-recovery case.
        int pick = mContext->findData(source->context());
        for (int i = 0; i < mContext->count(); ++i) {
            if (mContext->itemData(i).toString() != source->context()) {
                pick = i;
                break;
            }
        }
        mContext->setCurrentIndex(qMax(0, pick));
        loadContext();
    }
    // Defaults from the source volume (again when the source changed).
    const QString sourceKey
        = source->context() + QLatin1Char('/') + source->namespaceName() + QLatin1Char('/') + source->pvcName();
    if (mDefaultsFor != sourceKey) {
        mDefaultsFor = sourceKey;
        const QJsonObject pvc = source->pvc();
        const QJsonObject spec = pvc.value(QLatin1String("spec")).toObject();
        mName->setText(source->pvcName());
        mCapacity->setText(spec.value(QLatin1String("resources"))
                               .toObject()
                               .value(QLatin1String("requests"))
                               .toObject()
                               .value(QLatin1String("storage"))
                               .toString());
        QStringList modes;
        const QJsonArray array = spec.value(QLatin1String("accessModes")).toArray();
        for (const QJsonValue &v : array) {
            modes.append(v.toString());
        }
        mAccessModes->setText(modes.join(QLatin1Char(',')));
        if (mNamespace->currentText().isEmpty()) {
            mNamespace->setEditText(source->namespaceName());
        }
    }
    update();
}

void WizardDestinationPage::finishLoad()
{
    if (--mPending == 0) {
        update();
        Q_EMIT listsLoaded();
    }
}

void WizardDestinationPage::loadContext()
{
    auto *w = qobject_cast<SetupWizard *>(wizard());
    if (!w) {
        return;
    }
    const quint64 generation = ++mGeneration;
    const QString typed = mNamespace->currentText();
    mPending += 3;
    ClusterListLoader::list(w->session(), context(), KubeResource::namespaces(), QString(), this,
        [this, generation, typed](const QList<QJsonObject> &items, const QString &error) {
            if (generation == mGeneration) {
                mError->setText(
                    error.isEmpty() ? QString() : StatusStyle::badgeHtml(StatusStyle::Kind::Error, error, palette()));
                mExistingNamespaces.clear();
                const QSignalBlocker blocker(mNamespace);
                mNamespace->clear();
                for (const QJsonObject &ns : items) {
                    const QString name = ClusterListLoader::name(ns);
                    mExistingNamespaces.append(name);
                    if (!name.startsWith(QLatin1String("kube-"))) {
                        mNamespace->addItem(name, name);
                    }
                }
                mNamespace->setEditText(typed);
            }
            finishLoad();
        });
    ClusterListLoader::list(w->session(), context(), KubeResource::storageClasses(), QString(), this,
        [this, generation](const QList<QJsonObject> &items, const QString &) {
            if (generation == mGeneration) {
                mStorageClass->clear();
                mStorageClass->addItem(tr("Cluster default"), QString());
                for (const QJsonObject &sc : items) {
                    mStorageClass->addItem(ClusterListLoader::name(sc), ClusterListLoader::name(sc));
                }
            }
            finishLoad();
        });
    ClusterListLoader::list(w->session(), context(), KubeResource::volumeSnapshotClasses(), QString(), this,
        [this, generation](const QList<QJsonObject> &items, const QString &) {
            if (generation == mGeneration) {
                mSnapshotClass->clear();
                mSnapshotClass->addItem(tr("Cluster default"), QString());
                for (const QJsonObject &vsc : items) {
                    mSnapshotClass->addItem(ClusterListLoader::name(vsc), ClusterListLoader::name(vsc));
                }
            }
            finishLoad();
        });
    update();
}

void WizardDestinationPage::update()
{
    auto *w = qobject_cast<SetupWizard *>(wizard());
    const QString ns = namespaceName();
    const bool missing = !ns.isEmpty() && mPending == 0 && !namespaceExists();
    mCreateNamespace->setVisible(missing);
    mCreateNamespace->setText(tr("The namespace \"%1\" does not exist on %2: c&reate it").arg(ns, context()));
    const QString method = copyMethod();
    mCopyExplanation->setText(method == QLatin1String("Snapshot")
            ? tr("Each sync ends with a new VolumeSnapshot of the destination volume; the latest one is the copy.")
            : tr("Each sync writes into the destination volume \"%1\" itself; no snapshot is taken.").arg(name()));
    if (w) {
        const bool sameCluster = w->sourcePage()->context() == context();
        const QString suggested = sameCluster ? QStringLiteral("ClusterIP") : QStringLiteral("LoadBalancer");
        mServiceHint->setText(sameCluster
                ? tr("Suggested: ClusterIP, since the source is in the same cluster.")
                : tr("Suggested: LoadBalancer, since the source is in another cluster and must reach this one."));
        if (!mServiceType->property("userChosen").toBool()) {
            const QSignalBlocker blocker(mServiceType);
            mServiceType->setCurrentIndex(mServiceType->findData(suggested));
        }
    }
    Q_EMIT completeChanged();
}

bool WizardDestinationPage::isComplete() const
{
    if (mPending > 0 || namespaceName().isEmpty() || name().isEmpty()) {
        return false;
    }
    return namespaceExists() || mCreateNamespace->isChecked();
}

bool WizardDestinationPage::validatePage()
{
    QString error;
    if (!volsync::isDns1123Label(namespaceName())) {
        error
            = tr("The namespace \"%1\" is not a valid name (lower-case letters, digits and '-').").arg(namespaceName());
    } else if (!volsync::isDns1123Subdomain(name())) {
        error = tr("The name \"%1\" is not a valid object name.").arg(name());
    } else if (!ReplicationValidation::copyMethod(
                   copyMethod(), ReplicationValidation::destinationCopyMethods(), &error)) {
    } else if (!capacity().isEmpty() && !ReplicationValidation::capacity(capacity(), &error)) {
    } else if (!accessModes().isEmpty() && !ReplicationValidation::accessModes(accessModes(), &error)) {
    } else if (!ReplicationValidation::serviceType(serviceType(), &error)) {
    } else {
        error.clear();
    }
    mError->setText(error.isEmpty() ? QString() : StatusStyle::badgeHtml(StatusStyle::Kind::Error, error, palette()));
    return error.isEmpty();
}

QString WizardDestinationPage::context() const
{
    return mContext->currentData().toString();
}

QString WizardDestinationPage::namespaceName() const
{
    return mNamespace->currentText().trimmed();
}

bool WizardDestinationPage::namespaceExists() const
{
    return mExistingNamespaces.contains(namespaceName());
}

bool WizardDestinationPage::createNamespace() const
{
    return !namespaceExists() && mCreateNamespace->isChecked();
}

QString WizardDestinationPage::name() const
{
    return mName->text().trimmed();
}

QString WizardDestinationPage::copyMethod() const
{
    return mCopyMethod->currentData().toString();
}

QString WizardDestinationPage::capacity() const
{
    return mCapacity->text().trimmed();
}

QStringList WizardDestinationPage::accessModes() const
{
    QStringList modes;
    const QStringList parts = mAccessModes->text().split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        modes.append(part.trimmed());
    }
    return modes;
}

QString WizardDestinationPage::storageClass() const
{
    return mStorageClass->currentData().toString();
}

QString WizardDestinationPage::snapshotClass() const
{
    return mSnapshotClass->currentData().toString();
}

QString WizardDestinationPage::serviceType() const
{
    return mServiceType->currentData().toString();
}

bool WizardDestinationPage::rsyncTls() const
{
    return mRsyncTls->isChecked();
}

bool WizardDestinationPage::select(const QString &which, const QString &text)
{
    if (which == QLatin1String("namespace")) {
        mNamespace->setEditText(text);
        return true;
    }
    if (which == QLatin1String("name")) {
        mName->setText(text);
        return true;
    }
    if (which == QLatin1String("rsyncTls")) {
        mRsyncTls->setChecked(text == QLatin1String("true"));
        return true;
    }
    QComboBox *combo = which == QLatin1String("context") ? mContext
        : which == QLatin1String("copyMethod")           ? mCopyMethod
        : which == QLatin1String("storageClass")         ? mStorageClass
        : which == QLatin1String("snapshotClass")        ? mSnapshotClass
                                                         : mServiceType;
    const int index = combo->findData(text);
    if (index < 0) {
        return false;
    }
    if (combo == mServiceType) {
        mServiceType->setProperty("userChosen", true);
    }
    combo->setCurrentIndex(index);
    return true;
}
