#!/usr/bin/python3
"""Signs EC2 Query requests with botocore, as an oracle for corral's SigV4 signer.

Reads a JSON list on stdin; each item has url, params ([[name, value], ...]), access_key,
secret_key, token (may be empty), region and amz_date ("20150830T123600Z"). Writes a JSON list
with, for each item, botocore's form body (percent_encode_sequence, as its query serializer
does), canonical request, string to sign and Authorization header.
"""
import datetime
import json
import sys

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.utils import percent_encode_sequence

CONTENT_TYPE = 'application/x-www-form-urlencoded; charset=utf-8'


class FixedClock(datetime.datetime):
    """Stands in for datetime.datetime inside botocore.auth so add_auth signs at a given time."""
    now_value = None

    @classmethod
    def utcnow(cls):
        return cls.now_value


def sign(item):
    body = percent_encode_sequence([tuple(p) for p in item['params']])
    creds = Credentials(item['access_key'], item['secret_key'], item['token'] or None)
    auth = botocore.auth.SigV4Auth(creds, 'ec2', item['region'])
    FixedClock.now_value = datetime.datetime.strptime(item['amz_date'], '%Y%m%dT%H%M%SZ')
    request = AWSRequest(method='POST', url=item['url'], data=body.encode('utf-8'),
                         headers={'Content-Type': CONTENT_TYPE})
    auth.add_auth(request)  # the real entry point, at the fixed time
    # The intermediate strings, from a fresh request prepared the same way.
    probe = AWSRequest(method='POST', url=item['url'], data=body.encode('utf-8'),
                       headers={'Content-Type': CONTENT_TYPE})
    probe.context['timestamp'] = item['amz_date']
    auth._modify_request_before_signing(probe)
    canonical = auth.canonical_request(probe)
    return {
        'body': body,
        'canonical_request': canonical,
        'string_to_sign': auth.string_to_sign(probe, canonical),
        'authorization': request.headers['Authorization'],
    }


def main():
    botocore.auth.datetime.datetime = FixedClock
    items = json.load(sys.stdin)
    json.dump([sign(i) for i in items], sys.stdout)


if __name__ == '__main__':
    main()
