#pragma once

// Internal to protocol/pki: owning handles for OpenSSL objects, so every early return frees what
// was allocated (the tests run under ASan/LSan), and the bridge from OpenSSL's per-thread error
// queue to cb::Error.

#include "common/result.h"

#include <QCoreApplication>
#include <QByteArray>
#include <QString>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace cb::pki::detail {

template<auto FreeFunction>
struct Deleter
{
    template<typename T>
    void operator()(T *p) const
    {
        FreeFunction(p);
    }
};

using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using BignumPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using Asn1IntegerPtr = std::unique_ptr<ASN1_INTEGER, Deleter<ASN1_INTEGER_free>>;
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using EvpMdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using X509ReqPtr = std::unique_ptr<X509_REQ, Deleter<X509_REQ_free>>;
using X509NamePtr = std::unique_ptr<X509_NAME, Deleter<X509_NAME_free>>;
using X509ExtensionPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;
using X509StorePtr = std::unique_ptr<X509_STORE, Deleter<X509_STORE_free>>;
using X509StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, Deleter<X509_STORE_CTX_free>>;
using GeneralNamesPtr = std::unique_ptr<GENERAL_NAMES, Deleter<GENERAL_NAMES_free>>;
using GeneralNamePtr = std::unique_ptr<GENERAL_NAME, Deleter<GENERAL_NAME_free>>;

// STACK_OF(X509) owning its certificates (sk_X509_pop_free is a macro, hence the struct).
struct X509StackDeleter
{
    void operator()(STACK_OF(X509) * s) const { sk_X509_pop_free(s, X509_free); }
};
using X509StackPtr = std::unique_ptr<STACK_OF(X509), X509StackDeleter>;

// Read-only memory BIO over the bytes of `data` (which must outlive the BIO).
BioPtr readBio(const QByteArray &data);
BioPtr writeBio();
QByteArray bioBytes(BIO *bio);

// The error OpenSSL left on this thread's queue, put after `what`; drains the queue so the next
// operation starts clean.
Error opensslError(const QString &what, const QString &hint = {});

// Discards stale errors before an operation (the queue is per thread).
void clearErrors();

// Text that people read in this library goes through this context (Text::tr).
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::Pki)
};

} // namespace cb::pki::detail
