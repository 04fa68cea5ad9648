#include "certificateverification.h"

#include "opensslhandles.h"

namespace cb::pki {

using namespace detail;

Status<> verifyCertificate(const Certificate &leaf, const QList<Certificate> &trustAnchors,
                           const QList<Certificate> &intermediates, const QDateTime &time)
{
    clearErrors();
    if (leaf.isNull())
        return Error{Text::tr("There is no certificate to verify."), {}};
    X509StorePtr store(X509_STORE_new());
    X509StackPtr untrusted(sk_X509_new_null());
    X509StoreCtxPtr context(X509_STORE_CTX_new());
    if (!store || !untrusted || !context)
        return opensslError(Text::tr("Could not prepare certificate verification."));
    for (const Certificate &anchor : trustAnchors) {
        if (!X509_STORE_add_cert(store.get(), anchor.handle()))
            return opensslError(Text::tr("Could not use %1 as a trusted CA.").arg(anchor.subjectText()));
    }
    for (const Certificate &intermediate : intermediates) {
        if (!X509_add_cert(untrusted.get(), intermediate.handle(), X509_ADD_FLAG_UP_REF))
            return opensslError(Text::tr("Could not use %1 as an intermediate CA.").arg(intermediate.subjectText()));
    }
    if (!X509_STORE_CTX_init(context.get(), store.get(), leaf.handle(), untrusted.get()))
        return opensslError(Text::tr("Could not prepare certificate verification."));
    if (time.isValid())
        X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(context.get()), time_t(time.toSecsSinceEpoch()));
    if (X509_verify_cert(context.get()) == 1)
        return success();

    const int code = X509_STORE_CTX_get_error(context.get());
    clearErrors();
    const QString reason = QString::fromLatin1(X509_verify_cert_error_string(code));
    QString hint;
    switch (code) {
    case X509_V_ERR_CERT_HAS_EXPIRED:
        hint = Text::tr("Issue a new certificate, or check the computer's clock.");
        break;
    case X509_V_ERR_CERT_NOT_YET_VALID:
        hint = Text::tr("Check the clock of this computer and of the charger.");
        break;
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
        hint = Text::tr("The certificate was not issued by a trusted CA; install that CA or use a certificate from this one.");
        break;
    default:
        break;
    }
    return Error{Text::tr("The certificate %1 is not valid: %2.").arg(leaf.subjectText(), reason), hint};
}

} // namespace cb::pki
