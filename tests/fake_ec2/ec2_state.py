"""The fake EC2 account: resources, their state machines, and one handler per API action.

Handlers take the request dict (botocore member names, from ec2_wire.parse_params) and return
the result dict ec2_wire renders. Time-driven transitions (pending -> running, stopping ->
stopped, shutting-down -> terminated, spot fulfilment, volume creation) happen lazily in tick().
Eventual consistency: a resource created less than `consistency_delay` seconds ago is invisible
to Describe* and unknown (*.NotFound) to actions that name it.
"""
import base64
import datetime
import fnmatch
import hashlib
import itertools
import random
import struct
import time

from ec2_wire import ApiError

STATE_CODES = {'pending': 0, 'running': 16, 'shutting-down': 32, 'terminated': 48,
               'stopping': 64, 'stopped': 80}
OWNER = '123456789012'
DEFAULT_VPC = 'vpc-0fake0000000000001'
DEFAULT_SUBNET = 'subnet-0fake000000000001'

IMAGES = {
    'ami-0fake000000000x86': ('x86_64', 'ebs', '/dev/xvda', 'hvm', 'corral-fake-x86_64'),
    'ami-0fake000000000arm': ('arm64', 'ebs', '/dev/xvda', 'hvm', 'corral-fake-arm64'),
    'ami-0fake00000000store': ('x86_64', 'instance-store', '/dev/sda1', 'paravirtual',
                               'corral-fake-instance-store'),
}
# type: (architectures, vcpus, memory MiB, placement strategies)
INSTANCE_TYPES = {
    't3.micro': (['x86_64'], 2, 1024, ['partition', 'spread']),
    't3.small': (['x86_64'], 2, 2048, ['partition', 'spread']),
    'c5.large': (['x86_64'], 2, 4096, ['cluster', 'partition', 'spread']),
    'c5.xlarge': (['x86_64'], 4, 8192, ['cluster', 'partition', 'spread']),
    'm5.large': (['x86_64'], 2, 8192, ['cluster', 'partition', 'spread']),
    'm1.small': (['i386', 'x86_64'], 1, 1740, []),
    't4g.small': (['arm64'], 2, 2048, ['partition', 'spread']),
    'c6g.large': (['arm64'], 2, 4096, ['cluster', 'partition', 'spread']),
}
REGIONS = ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1', 'ap-southeast-2']


def iso(t):
    return datetime.datetime.utcfromtimestamp(t).strftime('%Y-%m-%dT%H:%M:%S.000Z')


def tag_list(tags):
    return [{'Key': k, 'Value': v} for k, v in sorted(tags.items())] or None


def match(patterns, values):
    """EC2 filter semantics: any pattern ('*' and '?' wildcards) matches any value."""
    return any(fnmatch.fnmatchcase(str(v), p) for p in patterns for v in values)


def apply_filters(items, filters, values_of):
    """values_of(item, name) -> list of values, or raises ApiError for an unknown filter."""
    out = []
    for item in items:
        if all(match(f.get('Values', []), values_of(item, f['Name'])) for f in filters):
            out.append(item)
    return out


def tag_filter_values(tags, name):
    if name.startswith('tag:'):
        v = tags.get(name[4:])
        return [] if v is None else [v]
    if name == 'tag-key':
        return list(tags)
    if name == 'tag-value':
        return list(tags.values())
    return None


def bad_filter(name):
    raise ApiError('InvalidParameterValue', 'The filter \'%s\' is invalid' % name)


class Account:
    def __init__(self, region, opts, rng):
        self.region = region
        self.opts = opts  # pending_time, stopping_time, consistency_delay, page_size, spot_delay...
        self.rng = rng
        self.ids = itertools.count(1)
        self.instances = {}
        self.reservations = {}
        self.groups = {}
        self.keys = {}
        self.volumes = {}
        self.spots = {}
        self.placement_groups = {}
        self.tokens = {}  # ClientToken -> reservation id
        self.ips = itertools.count(10)
        g = self._new_group('default', 'default VPC security group', DEFAULT_VPC)
        g['born'] = 0

    # ---- helpers ------------------------------------------------------------------------
    def new_id(self, prefix):
        return '%s-%017x' % (prefix, 0xfa4e0000000 + next(self.ids))

    def visible(self, res):
        return time.time() >= res['born'] + self.opts['consistency_delay']

    def _lookup(self, table, rid, code):
        res = table.get(rid)
        if res is None or not self.visible(res):
            raise ApiError(code, 'The %s ID \'%s\' does not exist' % (code.split('.')[0][7:].lower(), rid))
        return res

    def _new_group(self, name, description, vpc):
        gid = self.new_id('sg')
        self.groups[gid] = {'id': gid, 'name': name, 'description': description, 'vpc': vpc,
                            'rules': [], 'tags': {}, 'born': time.time()}
        return self.groups[gid]

    def group_by_name(self, name):
        for g in self.groups.values():
            if g['name'] == name and self.visible(g):
                return g
        raise ApiError('InvalidGroup.NotFound',
                       'The security group \'%s\' does not exist in default VPC \'%s\'' % (name, DEFAULT_VPC))

    def page(self, items, req, default_max=None):
        """Slices `items` by NextToken / MaxResults; returns (page, next_token or None)."""
        start = 0
        if req.get('NextToken'):
            try:
                start = int(base64.b64decode(req['NextToken']).decode().split(':')[1])
            except Exception:
                raise ApiError('InvalidNextToken', 'The specified token is invalid')
        size = req.get('MaxResults') or default_max or len(items) or 1
        size = min(size, self.opts['page_size'])
        chunk = items[start:start + size]
        nxt = None
        if start + size < len(items):
            nxt = base64.b64encode(('corral-fake:%d' % (start + size)).encode()).decode()
        return chunk, nxt

    # ---- time ---------------------------------------------------------------------------
    def tick(self):
        now = time.time()
        for s in self.spots.values():
            if s['state'] == 'open' and now >= s['born'] + self.opts['spot_delay']:
                if s['price'] >= self.opts['spot_price']:
                    self._fulfil_spot(s)
                else:
                    s['status'] = 'price-too-low'
        for i in self.instances.values():
            due = now >= i['changed'] + i['delay']
            if i['state'] == 'pending' and due:
                self._set_state(i, 'running')
            elif i['state'] == 'stopping' and due:
                self._set_state(i, 'stopped')
            elif i['state'] == 'shutting-down' and due:
                self._set_state(i, 'terminated')
                self._release_volumes(i)
        for v in self.volumes.values():
            if v['state'] == 'creating' and now >= v['born'] + 0.2:
                v['state'] = 'available'

    def _set_state(self, inst, state, delay=0.0):
        inst['state'] = state
        inst['changed'] = time.time()
        inst['delay'] = delay
        if state in ('stopped', 'terminated'):
            inst['public_ip'] = None
        if state == 'pending' and inst.get('public') and not inst.get('public_ip'):
            # EC2 gives a restarted instance a new public address.
            octet = next(self.ips)
            inst['public_ip'] = '127.1.%d.%d' % (octet // 250, octet % 250 + 4)
        spot = self.spots.get(inst.get('spot') or '')
        if state == 'terminated' and spot and spot['state'] == 'active':
            spot.update(state='closed', status='instance-terminated-by-user')

    def _fulfil_spot(self, s):
        spec = s['spec']
        zone = spec.get('Placement', {}).get('AvailabilityZone') or self.region + 'a'
        try:
            _, insts = self.launch(spec, 1, {}, zone, spot_id=s['id'])
        except ApiError:
            s.update(state='failed', status='bad-parameters')
            return
        s.update(state='active', status='fulfilled', instance=insts[0]['id'])

    def _release_volumes(self, inst):
        for v in list(self.volumes.values()):
            if v.get('instance') != inst['id']:
                continue
            if v['delete_on_termination']:
                del self.volumes[v['id']]
            else:
                v.update(instance=None, device=None, state='available')

    # ---- instances ----------------------------------------------------------------------
    def launch(self, spec, count, tags, zone, reservation=None, spot_id=None, token=None):
        image = spec['ImageId']
        if image not in IMAGES:
            raise ApiError('InvalidAMIID.NotFound', 'The image id \'[%s]\' does not exist' % image)
        itype = spec.get('InstanceType', 'm1.small')
        if itype not in INSTANCE_TYPES:
            raise ApiError('InvalidParameterValue', 'Invalid value \'%s\' for InstanceType.' % itype)
        arch, root_type, root_dev, _virt, _name = IMAGES[image]
        if arch not in INSTANCE_TYPES[itype][0]:
            raise ApiError('InvalidParameterValue',
                           'The architecture \'%s\' of the specified instance type does not match '
                           'the architecture \'%s\' of the specified AMI.' % (INSTANCE_TYPES[itype][0][0], arch))
        if itype in self.opts['no_capacity'] or self.opts['capacity'] is not None and \
                self._live_count() + count > self.opts['capacity']:
            raise ApiError('InsufficientInstanceCapacity',
                           'We currently do not have sufficient %s capacity in the Availability Zone '
                           'you requested (%s).' % (itype, zone), 500)
        key = spec.get('KeyName')
        if key and key not in self.keys:
            raise ApiError('InvalidKeyPair.NotFound', 'The key pair \'%s\' does not exist' % key)
        groups, subnet, public = self._launch_network(spec)
        pg = spec.get('Placement', {}).get('GroupName')
        if pg and pg not in self.placement_groups:
            raise ApiError('InvalidPlacementGroup.Unknown', 'The Placement Group \'%s\' is unknown.' % pg)
        delete_root = False
        for m in spec.get('BlockDeviceMappings', []):
            if m.get('DeviceName') == root_dev and 'Ebs' in m:
                delete_root = m['Ebs'].get('DeleteOnTermination', False)
        rid = reservation or self.new_id('r')
        self.reservations[rid] = groups
        out = []
        for n in range(count):
            iid = self.new_id('i')
            octet = next(self.ips)
            inst = {'id': iid, 'reservation': rid, 'index': n, 'image': image, 'type': itype,
                    'key': key, 'zone': zone, 'groups': groups, 'subnet': subnet, 'vpc': DEFAULT_VPC,
                    # Loopback addresses: anything that tries to reach a fake node stays on
                    # this machine (and meets a host key that does not match the pinned one).
                    'private_ip': '127.0.%d.%d' % (octet // 250, octet % 250 + 4),
                    'public_ip': '127.1.%d.%d' % (octet // 250, octet % 250 + 4) if public else None,
                    'public': public,
                    'tags': dict(tags), 'born': time.time(), 'launch_time': time.time(),
                    'root_type': root_type, 'root_device': root_dev, 'arch': arch,
                    'spot': spot_id, 'placement_group': pg, 'token': token,
                    'user_data': spec.get('UserData'), 'host_key': self._host_key(iid)}
            self._set_state(inst, 'pending', self.opts['pending_time'])
            self.instances[iid] = inst
            if root_type == 'ebs':
                vid = self.new_id('vol')
                self.volumes[vid] = {'id': vid, 'size': 8, 'zone': zone, 'state': 'in-use',
                                     'instance': iid, 'device': root_dev, 'born': time.time(),
                                     'tags': {}, 'delete_on_termination': delete_root,
                                     'root': True}
            out.append(inst)
        return rid, out

    def _live_count(self):
        return sum(1 for i in self.instances.values() if i['state'] in ('pending', 'running'))

    def _launch_network(self, spec):
        nis = spec.get('NetworkInterfaces') or []
        if nis:
            ni = nis[0]
            subnet = ni.get('SubnetId')
            if not subnet:
                raise ApiError('InvalidParameterCombination', 'Network interfaces need a subnet')
            if spec.get('SecurityGroups') or spec.get('SecurityGroupIds'):
                raise ApiError('InvalidParameterCombination',
                               'Network interfaces and an instance-level security groups may not '
                               'be specified on the same request')
            groups = [self._lookup(self.groups, g, 'InvalidGroup.NotFound') for g in ni.get('Groups', [])]
            return groups, subnet, ni.get('AssociatePublicIpAddress', False)
        groups = [self.group_by_name(n) for n in spec.get('SecurityGroups', [])]
        groups += [self._lookup(self.groups, g, 'InvalidGroup.NotFound') for g in spec.get('SecurityGroupIds', [])]
        if not groups:
            groups = [self.group_by_name('default')]
        return groups, spec.get('SubnetId') or DEFAULT_SUBNET, True

    def _host_key(self, iid):
        blob = hashlib.sha256(iid.encode()).digest()
        wire = struct.pack('>I', 11) + b'ssh-ed25519' + struct.pack('>I', 32) + blob
        return 'ssh-ed25519 ' + base64.b64encode(wire).decode()

    def instance(self, iid):
        return self._lookup(self.instances, iid, 'InvalidInstanceID.NotFound')

    def instance_dict(self, i):
        groups = [{'GroupName': g['name'], 'GroupId': g['id']} for g in i['groups']]
        d = {'InstanceId': i['id'], 'ImageId': i['image'],
             'State': {'Code': STATE_CODES[i['state']], 'Name': i['state']},
             'PrivateDnsName': 'ip-%s.ec2.internal' % i['private_ip'].replace('.', '-'),
             'PublicDnsName': '',
             'StateTransitionReason': '', 'KeyName': i['key'], 'AmiLaunchIndex': i['index'],
             'InstanceType': i['type'], 'LaunchTime': iso(i['launch_time']),
             'Placement': {'AvailabilityZone': i['zone'], 'GroupName': i['placement_group'] or '',
                           'Tenancy': 'default'},
             'SubnetId': i['subnet'], 'VpcId': i['vpc'], 'PrivateIpAddress': i['private_ip'],
             'PublicIpAddress': i['public_ip'], 'Architecture': i['arch'],
             'RootDeviceType': i['root_type'], 'RootDeviceName': i['root_device'],
             'SecurityGroups': groups, 'Tags': tag_list(i['tags']), 'ClientToken': i['token'] or '',
             'SpotInstanceRequestId': i['spot'], 'InstanceLifecycle': 'spot' if i['spot'] else None,
             'VirtualizationType': 'hvm', 'Hypervisor': 'xen'}
        bdm = [{'DeviceName': v['device'], 'Ebs': {'VolumeId': v['id'], 'Status': 'attached',
                                                   'AttachTime': iso(v['born']),
                                                   'DeleteOnTermination': v['delete_on_termination']}}
               for v in self.volumes.values() if v.get('instance') == i['id']]
        d['BlockDeviceMappings'] = bdm or None
        if i['state'] == 'terminated':
            d['StateReason'] = {'Code': 'Client.UserInitiatedShutdown',
                                'Message': 'Client.UserInitiatedShutdown: User initiated shutdown'}
        return d

    def instance_filter_values(self, i, name):
        tv = tag_filter_values(i['tags'], name)
        if tv is not None:
            return tv
        simple = {'instance-id': [i['id']], 'instance-state-name': [i['state']],
                  'instance-type': [i['type']], 'image-id': [i['image']],
                  'availability-zone': [i['zone']], 'key-name': [i['key'] or ''],
                  'reservation-id': [i['reservation']], 'subnet-id': [i['subnet']],
                  'vpc-id': [i['vpc']], 'private-ip-address': [i['private_ip']],
                  'spot-instance-request-id': [i['spot'] or ''],
                  'instance.group-name': [g['name'] for g in i['groups']],
                  'instance.group-id': [g['id'] for g in i['groups']],
                  'group-name': [g['name'] for g in i['groups']],
                  'group-id': [g['id'] for g in i['groups']],
                  'placement-group-name': [i['placement_group'] or '']}
        if name not in simple:
            bad_filter(name)
        return simple[name]
