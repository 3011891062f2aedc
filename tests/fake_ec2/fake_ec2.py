#!/usr/bin/python3
"""A fake Amazon EC2 Query API endpoint for corral's tests (docs/ec2.md, "The fake endpoint").

Listens on 127.0.0.1 only, on a free port, and prints "PORT <n>" on stdout once it accepts
requests. Every request must carry a valid SigV4 signature for one of the configured key pairs,
checked with botocore; bad ones get EC2's AuthFailure. Parameters are checked against botocore's
EC2 service model, responses rendered from it (ec2_wire.py); state and actions live in
ec2_state.py and ec2_handlers.py.

Fault injection (flags, or POST /_config with a JSON object of the same names, underscores):
  --throttle-rate R        fraction of requests answered RequestLimitExceeded (HTTP 503)
  --consistency-delay S    new resources invisible / *.NotFound for S seconds
  --latency S              added to every answer
  --capacity N             InsufficientInstanceCapacity once N instances are pending or running
  --no-capacity TYPE,...   InsufficientInstanceCapacity for these instance types
  --fail ACTION=CODE[:N]   the next N (default 1) calls of ACTION fail with CODE
Control endpoints (unsigned): GET /_stats (calls by action, JSON), GET /_state (resources),
POST /_config, POST /_reset_stats.
"""
import argparse
import datetime
import json
import random
import sys
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

import ec2_handlers
import ec2_state
import ec2_wire
from ec2_wire import ApiError

DEFAULT_KEYS = {'AKIAFAKEFAKEFAKEFAKE': 'fake/secret/key/for/corral/tests/0000000'}
# AWS rejects requests signed more than 5 minutes away from its clock.
MAX_SKEW = 300


class FakeEc2:
    def __init__(self, args):
        self.lock = threading.Lock()
        self.model = ec2_wire.Model()
        self.rng = random.Random(args.seed)
        self.region = args.region
        self.keys = dict(DEFAULT_KEYS)
        for pair in args.key:
            k, s = pair.split(':', 1)
            self.keys[k] = s
        self.opts = {'pending_time': args.pending_time, 'stopping_time': args.stopping_time,
                     'consistency_delay': args.consistency_delay, 'page_size': args.page_size,
                     'spot_delay': args.spot_delay, 'spot_price': args.spot_price,
                     'capacity': args.capacity,
                     'no_capacity': [t for t in args.no_capacity.split(',') if t],
                     'throttle_rate': args.throttle_rate, 'latency': args.latency}
        self.fail = {}  # action -> [code, remaining]
        for f in args.fail:
            self._add_fail(f)
        self.account = ec2_state.Account(args.region, self.opts, self.rng)
        self.handlers = ec2_handlers.Handlers(self.account)
        self.stats = {}

    def _add_fail(self, spec):
        action, rest = spec.split('=', 1)
        code, _, n = rest.partition(':')
        self.fail[action] = [code, int(n or 1)]

    def configure(self, cfg):
        with self.lock:
            for k, v in cfg.items():
                if k == 'fail':
                    for f in v:
                        self._add_fail(f)
                elif k in self.opts:
                    self.opts[k] = v
                else:
                    raise KeyError(k)

    def count(self, key):
        self.stats[key] = self.stats.get(key, 0) + 1

    # ---- authentication -------------------------------------------------------------------
    def verify(self, method, path, headers, body):
        auth = headers.get('Authorization', '')
        if not auth.startswith('AWS4-HMAC-SHA256 '):
            raise ApiError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401)
        fields = dict(p.strip().split('=', 1) for p in auth[len('AWS4-HMAC-SHA256 '):].split(','))
        scope = fields.get('Credential', '').split('/')
        if len(scope) != 5:
            raise ApiError('IncompleteSignature', 'Authorization header requires a Credential', 400)
        access_key, date, region, service, _ = scope
        secret = self.keys.get(access_key)
        if secret is None:
            raise ApiError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401)
        if region != self.region or service != 'ec2':
            raise ApiError('AuthFailure', 'Credential should be scoped to a valid region, not \'%s\'.'
                           % region if region not in ec2_state.REGIONS else
                           'Credential should be scoped to correct region \'%s\'.' % self.region, 401)
        amz_date = headers.get('X-Amz-Date', '')
        try:
            signed_at = datetime.datetime.strptime(amz_date, '%Y%m%dT%H%M%SZ').replace(
                tzinfo=datetime.timezone.utc).timestamp()
        except ValueError:
            raise ApiError('AuthFailure', 'X-Amz-Date is missing or malformed', 401)
        if abs(signed_at - time.time()) > MAX_SKEW or not amz_date.startswith(date):
            raise ApiError('RequestExpired', 'Request has expired.', 400)
        signed = fields.get('SignedHeaders', '').split(';')
        if 'host' not in signed:
            raise ApiError('AuthFailure', 'The host header must be signed', 401)
        request = AWSRequest(method=method, url='http://%s%s' % (headers.get('Host'), path), data=body,
                             headers={h: headers.get(h, '') for h in signed})
        request.context['timestamp'] = amz_date
        token = headers.get('X-Amz-Security-Token')
        signer = botocore.auth.SigV4Auth(Credentials(access_key, secret, token), 'ec2', region)
        canonical = signer.canonical_request(request)
        expected = signer.signature(signer.string_to_sign(request, canonical), request)
        if expected != fields.get('Signature'):
            raise ApiError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401)

    # ---- dispatch -------------------------------------------------------------------------
    def handle(self, method, path, headers, body):
        """Returns (status, xml)."""
        request_id = str(uuid.uuid4())
        params = dict(urllib.parse.parse_qsl(body.decode(), keep_blank_values=True))
        action = params.pop('Action', '')
        params.pop('Version', None)
        with self.lock:
            self.count(action or '(none)')
            latency = self.opts['latency']
        if latency:
            time.sleep(latency)
        try:
            with self.lock:
                self.verify(method, path, headers, body)
                if self.rng.random() < self.opts['throttle_rate']:
                    self.count('_throttled')
                    raise ApiError('RequestLimitExceeded', 'Request limit exceeded.', 503)
                fail = self.fail.get(action)
                if fail and fail[1] > 0:
                    fail[1] -= 1
                    self.count('_injected')
                    raise ApiError(fail[0], 'Injected failure for ' + action,
                                   500 if fail[0].startswith('Insufficient') else 400)
                req = self.model.parse_params(action, params)
                fn = getattr(self.handlers, action, None)
                if fn is None:
                    raise ApiError('InvalidAction', 'The action %s is not valid for this web service.' % action)
                self.account.tick()
                result = fn(req)
                self.account.tick()
                return 200, self.model.to_xml(action, request_id, result)
        except ApiError as e:
            with self.lock:
                self.count('_error:' + e.code)
            return e.status, ec2_wire.error_xml(e.code, e.message, request_id)

    def state(self):
        with self.lock:
            a = self.account
            a.tick()
            return {
                'instances': {i['id']: {'state': i['state'], 'tags': i['tags'], 'type': i['type'],
                                        'groups': [g['name'] for g in i['groups']],
                                        'spot': i['spot'], 'host_key': i['host_key'],
                                        'placement_group': i['placement_group'],
                                        'user_data': i['user_data']}
                              for i in a.instances.values()},
                'groups': {g['id']: {'name': g['name'], 'tags': g['tags'],
                                     'rules': [list(r[:3]) + list(r[3]) for r in g['rules']]}
                           for g in a.groups.values()},
                'volumes': {v['id']: {'state': v['state'], 'root': v['root'], 'tags': v['tags'],
                                      'delete_on_termination': v['delete_on_termination'],
                                      'instance': v['instance']} for v in a.volumes.values()},
                'keys': sorted(a.keys),
                'spot_requests': {s['id']: {'state': s['state'], 'instance': s['instance']}
                                  for s in a.spots.values()},
                'placement_groups': sorted(a.placement_groups),
            }


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A client killed mid-request (the kill tests do that on purpose) is not an error.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


def make_handler(fake):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = 'HTTP/1.1'

        def log_message(self, fmt, *args):  # quiet: tests read stdout for the port only
            pass

        def _send(self, status, body, ctype='text/xml;charset=UTF-8'):
            data = body.encode()
            self.send_response(status)
            self.send_header('Content-Type', ctype)
            self.send_header('Content-Length', str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _body(self):
            return self.rfile.read(int(self.headers.get('Content-Length') or 0))

        def do_GET(self):
            if self.path == '/_stats':
                with fake.lock:
                    return self._send(200, json.dumps(fake.stats), 'application/json')
            if self.path == '/_state':
                return self._send(200, json.dumps(fake.state()), 'application/json')
            self._send(400, ec2_wire.error_xml('InvalidAction', 'use POST', 'none'))

        def do_POST(self):
            body = self._body()
            if self.path == '/_config':
                try:
                    fake.configure(json.loads(body or b'{}'))
                except (KeyError, ValueError) as e:
                    return self._send(400, json.dumps({'error': str(e)}), 'application/json')
                return self._send(200, '{}', 'application/json')
            if self.path == '/_reset_stats':
                with fake.lock:
                    fake.stats = {}
                return self._send(200, '{}', 'application/json')
            status, xml = fake.handle('POST', self.path, self.headers, body)
            self._send(status, xml)

    return Handler


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--port', type=int, default=0)
    p.add_argument('--region', default='us-east-1')
    p.add_argument('--key', action='append', default=[], help='ACCESS_KEY:SECRET accepted besides the default')
    p.add_argument('--seed', type=int, default=1)
    p.add_argument('--pending-time', type=float, default=0.5)
    p.add_argument('--stopping-time', type=float, default=0.3)
    p.add_argument('--spot-delay', type=float, default=0.5)
    p.add_argument('--spot-price', type=float, default=0.01, help='the market price bids must reach')
    p.add_argument('--consistency-delay', type=float, default=0.0)
    p.add_argument('--throttle-rate', type=float, default=0.0)
    p.add_argument('--latency', type=float, default=0.0)
    p.add_argument('--page-size', type=int, default=1000)
    p.add_argument('--capacity', type=int, default=None)
    p.add_argument('--no-capacity', default='')
    p.add_argument('--fail', action='append', default=[])
    args = p.parse_args()
    fake = FakeEc2(args)
    server = QuietServer(('127.0.0.1', args.port), make_handler(fake))
    server.daemon_threads = True
    print('PORT %d' % server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == '__main__':
    sys.exit(main())
